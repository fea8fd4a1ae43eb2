/**
 * Finds phone numbers in plain text (DOM-free, no libphonenumber-js: it runs in the size-bound content script).
 * Numbers written with + are read for every calling code (lengths from libphonenumber's metadata); numbers written
 * nationally or behind an international dialling prefix are read with the default country's numbering plan
 * (numbering-plan.ts), which the content script receives with its page settings rather than carrying every
 * region's (see projects/content/README.md). A reading that could be two different numbers is offered as none.
 */
import { isNanpNationalNumber, isNanpRegion, isPlausibleNationalNumber, leadingCallingCode } from './calling-codes';
import { type DigitGroup, readDigitGroups } from './digit-groups';
import { foldPhoneText } from './fold-phone-text';
import { endsCleanly, startsCleanly } from './number-boundaries';
import { dialledAbroadStart, type NumberingPlan, numberingPlanOf } from './numbering-plan';
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
  /** ISO 3166-1 alpha-2 region for numbers written without +; US when absent. Its plan must be registered (numbering-plan.ts). */
  defaultCountry?: string;
}

const ANY_DIGIT = /[0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/;
/** International dialling prefixes when no plan is registered: 00, and 011 in North America. */
const FALLBACK_IDD = { idd: /^(?:00)$/, iddStart: dialledAbroadStart('00') };
const NANP_IDD = { idd: /^(?:011|00)$/, iddStart: dialledAbroadStart('011|00') };
/** Longest international dialling prefix in any plan ("1411880011" is Australia's with a carrier code). */
const MAX_IDD_DIGITS = 10;
const NANP_SEPARATOR = '(?: {1,2}|[-.\\n]|)';
/** (NXX) NXX-XXXX and its variants, optionally behind a 1; validity of the codes is checked afterwards. */
const NANP_NATIONAL = new RegExp(
  `(?:1(?: {1,2}|[-.])?)?(?:\\(([2-9]\\d\\d)\\)|([2-9]\\d\\d))${NANP_SEPARATOR}([2-9]\\d\\d)${NANP_SEPARATOR}(\\d{4})`,
  'g',
);
/** Day-month-year shapes that national numbers must not look like ("06.01.2025", "07/04/25"). */
const DATE_SHAPE = /^\d{1,2}([-./])\d{1,2}\1\d{2,4}$/;

/** Phone numbers in `text`, in order, not overlapping. */
export function findPhoneNumbers(text: string, options: FindPhoneNumbersOptions = {}): FoundPhoneNumber[] {
  if (!ANY_DIGIT.test(text)) return [];
  const folded = foldPhoneText(text);
  const region = (options.defaultCountry ?? 'US').toUpperCase();
  const nanp = isNanpRegion(region);
  const plan = numberingPlanOf(region);
  const found = findInternational(folded);
  found.push(...findDialledAbroad(folded, plan ?? (nanp ? NANP_IDD : FALLBACK_IDD)));
  if (nanp) found.push(...findNanpNational(folded));
  else if (plan?.nationalNumber !== undefined) found.push(...findNationalNumbers(folded, plan));
  return withExtensions(folded, pairedAcrossSlashes(folded, withoutOverlaps(found)));
}

/** The E.164 of international digits (calling code first), when the code exists and the length fits it. */
function internationalE164(digits: string): string | undefined {
  const code = leadingCallingCode(digits);
  return code !== undefined && isPlausibleNationalNumber(code, digits.slice(code.length)) ? `+${digits}` : undefined;
}

/** A "(0)" right after the country code is the trunk prefix written for national callers: not dialled. */
function withoutWrittenTrunkZero(groups: readonly DigitGroup[], codeGroup: number): DigitGroup[] {
  return groups.filter((group, index) => !(index === codeGroup + 1 && group.parenthesized && group.digits === '0'));
}

const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Numbers written with "+" (one space may follow it). The "+" is found by native string search, many times faster than a regex scan. */
function findInternational(text: string): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    const digits = text.charCodeAt(plus + 1) === 32 ? plus + 2 : plus + 1;
    if (!isAsciiDigit(text.charCodeAt(digits)) || !startsCleanly(text, plus)) continue;
    const groups = withoutWrittenTrunkZero(readDigitGroups(text, digits), 0);
    const number = longestValid(text, groups, internationalE164);
    if (number !== undefined) found.push({ start: plus, ...number });
  }
  return found;
}

/**
 * A prefix written with pauses: "~" is where the caller waits for a second dial tone (libphonenumber's metadata
 * writes Russia's preferred prefix "8~10" and Ukraine's "0~0"; Poland's "00" was long written "0~0"). `paused` holds
 * the digits up to the last pause, which the prefix must go beyond: in "00~49 ..." the pause comes after it.
 */
const PAUSED_PREFIX = /(?<![0-9~])(?<paused>(?:[0-9]+~)+)[0-9]+/g;

/**
 * Numbers dialled from the default country to another: an international dialling prefix, then calling code and
 * number. Every way the first digits can be read as a prefix is tried; two different numbers mean no number
 * (Singapore's "0081 ..." is 008 then +1, never 00 then +81).
 */
function findDialledAbroad(text: string, { idd, iddStart }: { idd: RegExp; iddStart: RegExp }): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  const starts = [...text.matchAll(iddStart), ...(text.includes('~') ? text.matchAll(PAUSED_PREFIX) : [])];
  for (const start of starts) {
    if (!startsCleanly(text, start.index)) continue;
    const paused = start.groups?.['paused']?.replaceAll('~', '');
    const end = start.index + start[0].length;
    const [first, ...groups] =
      paused === undefined
        ? readDigitGroups(text, start.index)
        : [{ digits: start[0].replaceAll('~', ''), end, parenthesized: false }, ...readDigitGroups(text, end, true)];
    if (first === undefined || first.parenthesized) continue;
    const readings = new Map<string, { end: number; e164: string }>();
    for (let length = (paused?.length ?? 0) + 1; length <= Math.min(first.digits.length, MAX_IDD_DIGITS); length++) {
      if (!idd.test(first.digits.slice(0, length))) continue;
      const rest = first.digits.slice(length);
      const dialled = rest === '' ? groups : [{ ...first, digits: rest }, ...groups];
      const number = longestValid(text, withoutWrittenTrunkZero(dialled, rest === '' ? 0 : -1), internationalE164);
      if (number !== undefined) readings.set(number.e164, number);
    }
    const [only, ...others] = readings.values();
    if (only !== undefined && others.length === 0) found.push({ start: start.index, ...only });
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

/** The E.164 of digits written nationally: behind the national prefix (stripped or transformed), or without it where the plan writes them so. */
function nationalE164(plan: NumberingPlan, digits: string): string | undefined {
  const pattern = plan.nationalNumber;
  if (pattern === undefined) return undefined;
  const prefix = plan.nationalPrefixForParsing?.exec(digits);
  if (prefix != null && prefix[0] !== '') {
    // A captured group with a transform rule rewrites the prefix (Argentina: "0 11 15 ..." to "9 11 ...").
    const captured = prefix.length > 1 && prefix[prefix.length - 1] !== undefined;
    const national =
      plan.transformRule !== '' && captured
        ? digits.replace(plan.nationalPrefixForParsing ?? '', plan.transformRule)
        : digits.slice(prefix[0].length);
    if (pattern.test(national)) return `+${plan.callingCode}${national}`;
  }
  const bare = plan.nationalPrefix === '' || plan.bareLeadingDigits?.test(digits) === true;
  return bare && pattern.test(digits) ? `+${plan.callingCode}${digits}` : undefined;
}

/** National numbers of the default country's plan, starting where a digit run (or "(" and one) starts. */
function findNationalNumbers(text: string, plan: NumberingPlan): FoundPhoneNumber[] {
  const found: FoundPhoneNumber[] = [];
  for (const start of text.matchAll(plan.nationalStart)) {
    if (!startsCleanly(text, start.index)) continue;
    const number = longestValid(text, readDigitGroups(text, start.index), (digits) => nationalE164(plan, digits));
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
    const e164 = toE164(
      groups
        .slice(0, count)
        .map((group) => group.digits)
        .join(''),
    );
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

/** A slash between digits joins two numbers ("651-234-2345/332-445-1234") or is no number at all ("2024/..."). */
function pairedAcrossSlashes(text: string, found: FoundPhoneNumber[]): FoundPhoneNumber[] {
  const slashAfter = (end: number): boolean => text[end] === '/' && /\d/.test(text[end + 1] ?? '');
  return found.filter((number, index) => {
    const before = found[index - 1];
    const after = found[index + 1];
    if (slashAfter(number.end) && after?.start !== number.end + 1) return false;
    return !(text[number.start - 1] === '/' && /\d/.test(text[number.start - 2] ?? '') && before?.end !== number.start - 1);
  });
}
