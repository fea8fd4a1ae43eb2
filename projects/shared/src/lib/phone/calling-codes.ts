/** E.164 country calling codes and the national number lengths behind each (from libphonenumber's metadata, generated). */
import { CALLING_CODE_LENGTHS, NANP_REGIONS as NANP_REGION_LIST } from './calling-codes.generated';

/** North American Numbering Plan regions: national numbers there are NXX-NXX-XXXX behind calling code 1. */
const NANP_REGIONS = new Set(NANP_REGION_LIST.split(' '));

let lengthsByCode: Map<string, ReadonlySet<number>> | undefined;

/** The table, read on first use: "54:10-11" to 54 => {10, 11}. */
function nationalLengths(): Map<string, ReadonlySet<number>> {
  if (lengthsByCode !== undefined) return lengthsByCode;
  lengthsByCode = new Map();
  for (const entry of CALLING_CODE_LENGTHS.split(' ')) {
    const [code = '', ranges = ''] = entry.split(':');
    const lengths = new Set<number>();
    for (const range of ranges.split(',')) {
      const [first = 0, last = first] = range.split('-').map(Number);
      for (let length = first; length <= last; length++) lengths.add(length);
    }
    lengthsByCode.set(code, lengths);
  }
  return lengthsByCode;
}

export function isNanpRegion(region: string): boolean {
  return NANP_REGIONS.has(region);
}

/** The calling code at the start of international digits, or undefined when no code is assigned there (codes are prefix-free). */
export function leadingCallingCode(digits: string): string | undefined {
  const codes = nationalLengths();
  for (let length = 1; length <= 3; length++) {
    const code = digits.slice(0, length);
    if (code.length === length && codes.has(code)) return code;
  }
  return undefined;
}

/** The fewest digits a national number behind `callingCode` has (1 when the code is unknown). */
export function shortestNationalNumber(callingCode: string): number {
  return Math.min(...(nationalLengths().get(callingCode) ?? [1]));
}

/** Whether a national significant number has a possible length (and, for NANP, shape) for its calling code. */
export function isPlausibleNationalNumber(callingCode: string, nationalNumber: string): boolean {
  if (callingCode === '1') return isNanpNationalNumber(nationalNumber);
  return nationalLengths().get(callingCode)?.has(nationalNumber.length) === true;
}

/** NXX NXX XXXX: area code and exchange start with 2-9 and are not N11 service codes (211, 911...). */
export function isNanpNationalNumber(digits: string): boolean {
  return /^[2-9](?!11)\d\d[2-9](?!11)\d{6}$/.test(digits);
}
