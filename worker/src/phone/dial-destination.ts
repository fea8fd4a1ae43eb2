/** Turns what the user asked to dial into an E.164 number with libphonenumber-js. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ApiError } from '../http/errors';

/** E.164, or null when the text is not a valid number (numbers without + read as DEFAULT_COUNTRY's). */
export function normalizeDestination(input: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), { defaultCountry: defaultCountry as CountryCode, extract: false });
  return parsed !== undefined && parsed.isValid() ? parsed.number : null;
}

export function invalidNumber(defaultCountry: string): ApiError {
  return new ApiError(
    'invalid_number',
    `That is not a phone number that can be dialled. Numbers outside ${defaultCountry} need their country code, e.g. +44 20 7946 0018.`,
  );
}
