/** The contract's text patterns, in a module without zod so the popup can check a field without loading zod. */

/** A phone number in E.164: "+", a country code that does not start with 0, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** A NetSapiens MFA passcode: 4 to 10 digits. */
export const PASSCODE_PATTERN = /^\d{4,10}$/;

/** ISO 3166-1 alpha-2 country, upper case, as the detector and the settings use it. */
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;

/** Longer than any region's numbering-plan line (numbering-plans.generated.ts, 706 characters now). */
export const NUMBERING_PLAN_MAX_LENGTH = 2048;

/**
 * Whether page settings' numbering plan is one line of the default country's plan ("AR 54 ..."), or empty for a
 * region without one: the content script registers exactly that region's reading and nothing else.
 */
export function isNumberingPlanOf(plan: string, defaultCountry: string): boolean {
  return plan === '' || (plan.length <= NUMBERING_PLAN_MAX_LENGTH && plan.startsWith(`${defaultCountry} `) && !plan.includes('\n'));
}
