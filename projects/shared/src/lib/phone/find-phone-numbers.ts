/** Finds phone numbers in plain text (DOM-free, no libphonenumber-js: it runs in the size-bound content script). */
import {
  isNanpNationalNumber,
  isNanpRegion,
  isPlausibleNationalNumber,
  leadingCallingCode,
  plainNationalCallingCode,
  trunkZeroCallingCode,
} from './calling-codes';
import { type DigitGroup, readDigitGroups } from './digit-groups';
import { foldPhoneText } from './fold-phone-text';
import { endsCleanly, startsCleanly } from './number-boundaries';
import { withExtensions } from './phone-extension';

/** One number found in text: `text.slice(start, end)` is the number as written, without any extension. */
export interface FoundPhoneNumber {
  start: number;
  end: number;
  e164: string;
  /** Digits written after the number as its extension ("ext. 234", "x234", "#234"): shown, never dialled. */
  extension?: string;
}

export interface FindPhoneNumbersOptions {
  /** ISO 3166-1 alpha-2 region for numbers written without + or 00; US when absent. */
  defaultCountry?: string;
}

const ANY_DIGIT = /[0-9\uFF10-\uFF19]/;
/** "+", or an international call prefix: 00 (most of the world) or 011 (NANP). */
const INTERNATIONAL_PREFIX = /\+ ?(?=\d)|(?:00|011) ?(?=[1-9])/g;
const NANP_SEPARATOR = '(?: {1,2}|[-.\\n]|)';
/** (NXX) NXX-XXXX and its variants, optionally behind a 1; validity of the codes is checked afterwards. */
const NANP_NATIONAL = new RegExp(
  `(?:1(?: {1,2}|[-.])?)?(?:\\(([2-9]\\d\\d)\\)|([2-9]\\d\\d))${NANP_SEPARATOR}([2-9]\\d\\d)${NANP_SEPARATOR}(\\d{4})`,
  'g',
);
/** A national number behind trunk prefix 0, e.g. "020 7946 0123" or "(0121) 496 0789". */
const TRUNK_ZERO_START = /\(?0(?=[1-9])/g;
/** Where a national number without trunk prefix may start ("55 1234 5678", "(55) 1234 5678"). */
const PLAIN_NATIONAL_START = /\(?[1-9]/g;
/** Day-month-year shapes that trunk-0 numbers must not look like ("06.01.2025", "07/04/25"). */
const DATE_SHAPE = /^\d{1,2}([-./])\d{1,2}\1\d{2,4}$/;

/** Phone numbers in `text`, in order, not overlapping. */
export function findPhoneNumbers(text: string, options: FindPhoneNumbersOptions = {}): FoundPhoneNumber[] {
  if (!ANY_DIGIT.test(text)) return [];
  const folded = foldPhoneText(text);
  const region = (options.defaultCountry ?? 'US').toUpperCase();
  const nanp = isNanpRegion(region);
  const trunkCode = trunkZeroCallingCode(region);
  const plainCode = plainNationalCallingCode(region);
  const found = findInternational(folded, nanp);
  if (nanp) found.push(...findNanpNational(folded));
  else if (trunkCode !== undefined) found.push(...findNationalNumbers(folded, TRUNK_ZERO_START, 1, trunkCode));
  else if (plainCode !== undefined) found.push(...findNationalNumbers(folded, PLAIN_NATIONAL_START, 0, plainCode));
  return withExtensions(folded, withoutOverlaps(found));
}

function findInternational(text: string, nanp: boolean): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  for (const prefix of text.matchAll(INTERNATIONAL_PREFIX)) {
    if ((prefix[0].startsWith('011') && !nanp) || !startsCleanly(text, prefix.index)) continue;
    const groups = readDigitGroups(text, prefix.index + prefix[0].length);
    // A "(0)" right after the country code is the trunk prefix written for national callers: not dialled.
    const dialled = groups.filter((group, index) => !(index === 1 && group.parenthesized && group.digits === '0'));
    const number = longestValid(text, dialled, (digits) => {
      const code = leadingCallingCode(digits);
      return code !== undefined && isPlausibleNationalNumber(code, digits.slice(code.length)) ? `+${digits}` : undefined;
    });
    if (number !== undefined) found.push({ start: prefix.index, ...number });
  }
  return found;
}

function findNanpNational(text: string): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  NANP_NATIONAL.lastIndex = 0;
  for (let match = NANP_NATIONAL.exec(text); match !== null; match = NANP_NATIONAL.exec(text)) {
    const national = `${match[1] ?? match[2] ?? ''}${match[3] ?? ''}${match[4] ?? ''}`;
    const end = match.index + match[0].length;
    if (isNanpNationalNumber(national) && startsCleanly(text, match.index) && endsCleanly(text, end)) {
      found.push({ start: match.index, end, e164: `+1${national}` });
    } else {
      // Rejected: a number may still start one character later ("(111) ..." is not, "x(310) ..." could be).
      NANP_NATIONAL.lastIndex = match.index + 1;
    }
  }
  return found;
}

/** National numbers starting where `starts` matches; `trunkDigits` leading digits (the trunk prefix) are dropped. */
function findNationalNumbers(text: string, starts: RegExp, trunkDigits: number, callingCode: string): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  for (const start of text.matchAll(starts)) {
    if (!startsCleanly(text, start.index)) continue;
    const number = longestValid(text, readDigitGroups(text, start.index), (digits) => {
      const national = digits.slice(trunkDigits);
      return isPlausibleNationalNumber(callingCode, national) ? `+${callingCode}${national}` : undefined;
    });
    if (number !== undefined && !DATE_SHAPE.test(text.slice(start.index, number.end))) {
      found.push({ start: start.index, ...number });
    }
  }
  return found;
}

/** The most groups that form a valid number and end cleanly: trailing groups may belong to the next sentence. */
function longestValid(
  text: string,
  groups: readonly DigitGroup[],
  toE164: (digits: string) => string | undefined,
): { end: number; e164: string } | undefined {
  for (let count = groups.length; count > 0; count--) {
    const last = groups[count - 1];
    const e164 = toE164(groups.slice(0, count).map((group) => group.digits).join(''));
    if (last !== undefined && e164 !== undefined && endsCleanly(text, last.end)) return { end: last.end, e164 };
  }
  return undefined;
}

/** Keeps the first-starting (then longest) of overlapping finds: "+1 971..." is also found as "971...". */
function withoutOverlaps(found: FoundPhoneNumber[]): FoundPhoneNumber[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: FoundPhoneNumber[] = [];
  for (const number of found) {
    const previous = kept[kept.length - 1];
    if (previous === undefined || number.start >= previous.end) kept.push(number);
  }
  return kept;
}
