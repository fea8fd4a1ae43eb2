/** Turns what the user asked to dial into an E.164 number with libphonenumber-js, or an invalid_number error. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ApiError } from '../http/errors';

export function normalizeDestination(input: string, defaultCountry: string): string {
  const parsed = parsePhoneNumberFromString(input.trim(), { defaultCountry: defaultCountry as CountryCode, extract: false });
  if (parsed === undefined || !parsed.isValid()) {
    throw new ApiError(
      'invalid_number',
      `That is not a phone number that can be dialled. Numbers outside ${defaultCountry} need their country code, e.g. +44 20 7946 0018.`,
    );
  }
  return parsed.number;
}
