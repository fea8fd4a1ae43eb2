/** The contract's text patterns, in a module without zod so the popup can check a field without loading zod. */

/** A phone number in E.164: "+", a country code that does not start with 0, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** A NetSapiens MFA passcode: 4 to 10 digits. */
export const PASSCODE_PATTERN = /^\d{4,10}$/;

/** ISO 3166-1 alpha-2 country, upper case, as the detector and the settings use it. */
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
