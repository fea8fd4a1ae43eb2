/**
 * One region's numbering plan as the detector reads it: its international dialling prefixes, national prefix and
 * the pattern of its national numbers, parsed from one line of the generated table (numbering-plans.generated.ts).
 * The content script does not carry the table (about 14 KB): the background hands the page only the user's
 * default country's line with the page settings, and registers it here; the popup and tests register all lines.
 */

export interface NumberingPlan {
  region: string;
  callingCode: string;
  /** Whole international dialling prefixes, e.g. /^(?:0[0-3]\d)$/ for Singapore. */
  idd: RegExp;
  /** Where such a prefix starts a digit run in text: the candidates worth reading. */
  iddStart: RegExp;
  nationalPrefix: string;
  /** What is stripped before the national number ("0", or Argentina's "0 11 15" that becomes "9 11"). */
  nationalPrefixForParsing: RegExp | undefined;
  transformRule: string;
  /** A whole national significant number. */
  nationalNumber: RegExp | undefined;
  /** Leading digits of numbers written without the national prefix where one exists. */
  bareLeadingDigits: RegExp | undefined;
  /** Where a national number may start in text: a digit run with at least as many digits as the shortest one. */
  nationalStart: RegExp;
}

import { shortestNationalNumber } from './calling-codes';

const plans = new Map<string, NumberingPlan>();

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
const leading = (pattern: string): RegExp | undefined => (pattern === '' ? undefined : new RegExp(`^(?:${pattern})`));

/** Digit runs that start with an international dialling prefix (`idd` a pattern): cheap to find natively. */
export function dialledAbroadStart(idd: string): RegExp {
  return new RegExp(`(?<![0-9])(?:${idd})`, 'g');
}

/**
 * Digit runs of at least `digits` digits (one or two separators between them), optionally behind "(", and starting
 * with `prefix` when every national number does (Germany's start with 0): most digit runs on a page are cut here.
 * The prefix is written as literal digits: a lookahead at the start of the pattern would cost V8 its fast scan for
 * the first character (measured 5 times slower on the corpus pages).
 */
function digitRunStart(digits: number, prefix: string): RegExp {
  const rest = Math.max(digits - Math.max(prefix.length, 1), 0);
  return new RegExp(`\\(?(?<![0-9])${prefix || '[0-9]'}(?=(?:[ ().\n-]{0,2}[0-9]){${rest}})`, 'g');
}

/** The national prefix every national number of a plan is written with, when it is plain digits ("0", "8"). */
function requiredPrefix(nationalPrefix: string, forParsing: string, bare: string): string {
  return bare === '' && forParsing === '' && /^\d+$/.test(nationalPrefix) ? nationalPrefix : '';
}

/** Reads table lines ("AR 54 00 0 ..."); a line that does not parse as patterns is left out. */
export function useNumberingPlans(lines: string): void {
  for (const line of lines.split('\n')) {
    const [
      region = '',
      callingCode = '',
      idd = '',
      nationalPrefix = '',
      forParsing = '',
      transformRule = '',
      nationalNumber = '',
      bare = '',
    ] = line.split(' ');
    if (!/^\d{1,3}$/.test(callingCode)) continue;
    try {
      plans.set(region, {
        region,
        callingCode,
        idd: whole(idd),
        iddStart: dialledAbroadStart(idd),
        nationalPrefix,
        nationalPrefixForParsing: leading(forParsing || nationalPrefix),
        transformRule,
        nationalNumber: nationalNumber === '' ? undefined : whole(nationalNumber),
        bareLeadingDigits: leading(bare),
        nationalStart: digitRunStart(shortestNationalNumber(callingCode), requiredPrefix(nationalPrefix, forParsing, bare)),
      });
    } catch (error) {
      // Not a valid pattern: that region reads only numbers written with +.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
}

/** The regions (ISO codes, sorted) whose plans are registered. */
export function registeredRegions(): string[] {
  return [...plans.keys()].filter((key) => /^[A-Z]{2}$/.test(key)).sort();
}

/** The plan registered for a region, if any. */
export function numberingPlanOf(region: string): NumberingPlan | undefined {
  return plans.get(region);
}
