/** Finds phone numbers in plain text without libphonenumber-js (first version; refined below). */

/** One number found in text: `text.slice(start, end)` is the number as written. */
export interface FoundPhoneNumber {
  start: number;
  end: number;
  e164: string;
}

export interface FindPhoneNumbersOptions {
  /** ISO 3166-1 alpha-2 country for numbers written without +; defaults to US. */
  defaultCountry?: string;
}

const NANP = /(?:\+?1[\s.-]?)?\(?([2-9]\d{2})\)?[\s.-]?([2-9]\d{2})[\s.-]?(\d{4})/g;

export function findPhoneNumbers(text: string, options: FindPhoneNumbersOptions = {}): FoundPhoneNumber[] {
  void options;
  const found: FoundPhoneNumber[] = [];
  for (const m of text.matchAll(NANP)) {
    found.push({ start: m.index, end: m.index + m[0].length, e164: `+1${m[1]}${m[2]}${m[3]}` });
  }
  return found;
}
