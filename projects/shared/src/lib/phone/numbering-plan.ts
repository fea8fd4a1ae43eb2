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
  nationalPrefix: string;
  /** What is stripped before the national number ("0", or Argentina's "0 11 15" that becomes "9 11"). */
  nationalPrefixForParsing: RegExp | undefined;
  transformRule: string;
  /** A whole national significant number. */
  nationalNumber: RegExp | undefined;
  /** Leading digits of numbers written without the national prefix where one exists. */
  bareLeadingDigits: RegExp | undefined;
}

const plans = new Map<string, NumberingPlan>();

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
const leading = (pattern: string): RegExp | undefined => (pattern === '' ? undefined : new RegExp(`^(?:${pattern})`));

/** Reads table lines ("AR 54 00 0 ..."); a line that does not parse as patterns is left out. */
export function useNumberingPlans(lines: string): void {
  for (const line of lines.split('\n')) {
    const [region = '', callingCode = '', idd = '', nationalPrefix = '', forParsing = '', transformRule = '', nationalNumber = '', bare = ''] =
      line.split(' ');
    if (!/^\d{1,3}$/.test(callingCode)) continue;
    try {
      plans.set(region, {
        region,
        callingCode,
        idd: whole(idd),
        nationalPrefix,
        nationalPrefixForParsing: leading(forParsing || nationalPrefix),
        transformRule,
        nationalNumber: nationalNumber === '' ? undefined : whole(nationalNumber),
        bareLeadingDigits: leading(bare),
      });
    } catch {
      // Not a valid pattern: that region reads only numbers written with +.
    }
  }
}

/** The plan registered for a region, if any. */
export function numberingPlanOf(region: string): NumberingPlan | undefined {
  return plans.get(region);
}
