/** The two detectors compared on the corpus and in the benchmark: ours and libphonenumber-js's. */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { findPhoneNumbers } from '../find-phone-numbers';
import { useAllNumberingPlans } from '../numbering-plans';
import type { Detector } from './phone-corpus';

useAllNumberingPlans();

export const ourDetector: Detector = (text, defaultCountry) =>
  findPhoneNumbers(text, { defaultCountry }).map((found) => ({
    raw: text.slice(found.start, found.end),
    e164: found.e164,
  }));

export const libphonenumberDetector: Detector = (text, defaultCountry) =>
  findPhoneNumbersInText(text, { defaultCountry: defaultCountry as CountryCode }).map((found) => ({
    raw: text.slice(found.startsAt, found.endsAt),
    e164: found.number.number,
  }));
