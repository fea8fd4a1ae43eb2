/** E.164 country calling codes and the plausible national number lengths behind each, for a compact matcher. */

/** North American Numbering Plan regions: national numbers there are NXX-NXX-XXXX behind calling code 1. */
const NANP_REGIONS = new Set(
  'US CA AG AI AS BB BM BS DM DO GD GU JM KN KY LC MP MS PR SX TC TT VC VG VI'.split(' '),
);

const TWO_DIGIT_CODES = new Set(
  ('20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 ' +
    '81 82 84 86 90 91 92 93 94 95 98').split(' '),
);
/** First two digits of the three-digit codes (zone 2 to 9 blocks ITU assigns by three digits). */
const THREE_DIGIT_BLOCKS = new Set('21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 85 87 88 96 97 99'.split(' '));

/** National significant number lengths [min, max] where known; other codes get FALLBACK_LENGTHS. */
const NSN_LENGTHS: Readonly<Record<string, readonly [number, number]>> = {
  '1': [10, 10], '7': [10, 10], '20': [8, 10], '27': [9, 9], '30': [10, 10], '31': [9, 9], '32': [8, 9],
  '33': [9, 9], '34': [9, 9], '36': [8, 9], '39': [6, 11], '40': [9, 9], '41': [9, 9], '43': [7, 13],
  '44': [9, 10], '45': [8, 8], '46': [7, 10], '47': [8, 8], '48': [9, 9], '49': [6, 12], '51': [8, 9],
  '52': [10, 10], '54': [10, 11], '55': [10, 11], '56': [9, 9], '57': [8, 10], '58': [10, 10], '60': [8, 10],
  '61': [9, 9], '62': [8, 12], '63': [8, 10], '64': [8, 10], '65': [8, 8], '66': [8, 9], '81': [9, 10],
  '82': [8, 11], '84': [9, 10], '86': [9, 12], '90': [10, 10], '91': [10, 10], '92': [9, 10], '98': [10, 10],
  '351': [9, 9], '352': [6, 11], '353': [7, 9], '354': [7, 9], '358': [5, 12], '359': [8, 9], '370': [8, 8],
  '371': [8, 8], '372': [7, 8], '380': [9, 9], '385': [8, 9], '386': [8, 8], '420': [9, 9], '421': [9, 9],
  '852': [8, 8], '886': [8, 9], '966': [9, 9], '971': [8, 9], '972': [8, 9], '974': [8, 8],
  // Small territories with numbers shorter than the fallback allows.
  '247': [5, 6], '290': [4, 5], '500': [5, 5], '682': [5, 5], '683': [4, 7], '690': [4, 7],
};
const FALLBACK_LENGTHS: readonly [number, number] = [6, 12];

/** Trunk-prefix-0 regions whose national numbers ("020 7946 0123") can be read without +, by calling code. */
const TRUNK_ZERO_REGIONS: Readonly<Record<string, string>> = {
  GB: '44', DE: '49', FR: '33', NL: '31', BE: '32', CH: '41', AT: '43', SE: '46', FI: '358', IE: '353',
  AU: '61', NZ: '64', ZA: '27', IN: '91', JP: '81', KR: '82', CN: '86', IL: '972', TR: '90',
};

/**
 * Regions without a trunk prefix whose national numbers have one fixed length, so that a number written as in
 * the country ("55 1234 5678" in Mexico) can be read without +, by calling code.
 */
const PLAIN_NATIONAL_REGIONS: Readonly<Record<string, string>> = {
  MX: '52', ES: '34', PT: '351', PL: '48', CZ: '420', GR: '30', DK: '45', NO: '47',
};

/** The calling code of a region whose national numbers are written without trunk prefix, if this matcher reads them. */
export function plainNationalCallingCode(region: string): string | undefined {
  return PLAIN_NATIONAL_REGIONS[region];
}

export function isNanpRegion(region: string): boolean {
  return NANP_REGIONS.has(region);
}

/** The calling code a region's national numbers (written with trunk 0) belong to, if this matcher reads them. */
export function trunkZeroCallingCode(region: string): string | undefined {
  return TRUNK_ZERO_REGIONS[region];
}

/** The calling code at the start of international digits, or undefined when no code is assigned there. */
export function leadingCallingCode(digits: string): string | undefined {
  if (digits[0] === '1' || digits[0] === '7') return digits[0];
  const two = digits.slice(0, 2);
  if (TWO_DIGIT_CODES.has(two)) return two;
  return THREE_DIGIT_BLOCKS.has(two) && digits.length >= 3 ? digits.slice(0, 3) : undefined;
}

/** Whether a national significant number has a plausible length (and, for NANP, shape) for its calling code. */
export function isPlausibleNationalNumber(callingCode: string, nationalNumber: string): boolean {
  const [min, max] = NSN_LENGTHS[callingCode] ?? FALLBACK_LENGTHS;
  if (nationalNumber.length < min || nationalNumber.length > max) return false;
  return callingCode !== '1' || isNanpNationalNumber(nationalNumber);
}

/** NXX NXX XXXX: area code and exchange start with 2-9 and are not N11 service codes (211, 911...). */
export function isNanpNationalNumber(digits: string): boolean {
  return /^[2-9](?!11)\d\d[2-9](?!11)\d{6}$/.test(digits);
}
