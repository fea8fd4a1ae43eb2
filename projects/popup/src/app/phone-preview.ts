/** How a typed number will be dialled: E.164 via libphonenumber-js (min metadata keeps the popup small). */
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type PhonePreview =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'valid'; e164: string; international: string };

export function previewNumber(input: string, defaultCountry: string): PhonePreview {
  if (input.trim() === '') return { kind: 'empty' };
  const country = isCountry(defaultCountry) ? defaultCountry : undefined;
  const number = parsePhoneNumberFromString(input, country);
  if (!number?.isValid()) return { kind: 'invalid' };
  return { kind: 'valid', e164: number.number, international: number.formatInternational() };
}

/** ISO codes of the countries the metadata knows, for the default-country choice. */
export function countryCodes(): string[] {
  return getCountries();
}

function isCountry(code: string): code is CountryCode {
  return (getCountries() as string[]).includes(code);
}
