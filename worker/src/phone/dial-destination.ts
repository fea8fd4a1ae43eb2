/**
 * Decides whether a requested destination may be dialled: E.164 only, not under a refused calling code, a valid
 * number, not of a refused type, and not refused by the organisation's rules. The same reading answers
 * POST /v1/numbers/describe without dialling.
 */
import { E164Schema, err, ok, type NumberDescription, type NumberRefusal, type OrgRules, type Result } from '@voipcom/shared';
import type { PhoneNumberType } from 'libphonenumber-js/max';
import type { Failure } from '../http/failure';
import { classOf, orgRefusalMessage, refusalOf } from '../org-rules/org-rules-check';

/** Every type libphonenumber-js's getType() can answer; BLOCKED_NUMBER_TYPES names a subset of these. */
export const PHONE_NUMBER_TYPES = [
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
  'FIXED_LINE_OR_MOBILE',
  'FIXED_LINE',
  'MOBILE',
] as const satisfies readonly PhoneNumberType[];

/** A calling code as BLOCKED_NUMBER_TYPES names it: `+` and 1 to 3 digits (e.g. `+881`, the satellite networks). */
export const CALLING_CODE_PATTERN = /^\+[1-9]\d{0,2}$/;

/** What the Worker refuses to dial: one setting, BLOCKED_NUMBER_TYPES (worker/README.md). */
export interface RefusedNumbers {
  types: ReadonlySet<PhoneNumberType>;
  /** `+870`, `+881` …: every number under these codes, whatever its type (international networks, charged as such). */
  callingCodes: ReadonlySet<string>;
}

/** How a refusal names each type to the user. */
const TYPE_WORDS: Record<PhoneNumberType, string> = {
  PREMIUM_RATE: 'premium-rate numbers',
  TOLL_FREE: 'toll-free numbers',
  SHARED_COST: 'shared-cost numbers',
  VOIP: 'VoIP numbers',
  PERSONAL_NUMBER: 'personal numbers',
  PAGER: 'pagers',
  UAN: 'universal access numbers',
  VOICEMAIL: 'voicemail access numbers',
  FIXED_LINE_OR_MOBILE: 'landline and mobile numbers',
  FIXED_LINE: 'landline numbers',
  MOBILE: 'mobile numbers',
};

/** The destination as the audit trail may keep it: E.164, or '' for anything else (never free text from a request). */
export function auditedDestination(destination: string): string {
  return E164Schema.safeParse(destination).success ? destination : '';
}

/** A description and, when the number is refused, the failure a dial of it gets. */
interface Reading {
  description: NumberDescription;
  refusal: Failure | null;
}

/** The organisation's rules, read only when the service's own rules let the number through (one KV read at most). */
export type OrgRulesLoader = () => Promise<OrgRules | null>;

/**
 * Reads an E.164 number as the Worker dials it: its country, type, and whether (and why not) it would be dialled.
 * The one function that decides, for the dial and for describe alike: the service's refused calling codes, the
 * number's validity, the service's refused types, then the organisation's rules (do-not-call, countries, classes).
 */
export async function readDestination(e164: string, refused: RefusedNumbers, orgRules: OrgRulesLoader): Promise<Reading> {
  // Calling codes are prefix-free (ITU-T E.164), so a prefix test names the code exactly, valid number or not.
  const code = [...refused.callingCodes].find((blocked) => e164.startsWith(blocked));
  // Imported on first use, not at startup: the isolate starts without evaluating the phone metadata.
  const { parsePhoneNumberFromString } = await import('./number-reading');
  const parsed = parsePhoneNumberFromString(e164);
  const valid = parsed !== undefined && parsed.isValid();
  const type = valid ? (parsed.getType() ?? null) : null;
  const country = valid ? (parsed.country ?? null) : null;
  const describe = (refusal: NumberRefusal | null, error: Failure | null): Reading => ({
    description: { number: valid ? parsed.number : e164, country, type, valid, dialable: valid && refusal === null, refusal },
    refusal: error,
  });
  if (code !== undefined) {
    const refusal: NumberRefusal = { code: 'class_not_allowed', numberClass: 'international_network', by: 'service' };
    return describe(refusal, {
      reason: 'number_refused',
      refusal,
      message: `Calls to international network numbers (${code}) are not allowed from Click-to-Dial.`,
    });
  }
  if (!valid) return describe(null, { reason: 'not_a_valid_number' });
  if (type !== null && refused.types.has(type)) {
    const refusal: NumberRefusal = { code: 'class_not_allowed', numberClass: classOf(type), by: 'service' };
    return describe(refusal, {
      reason: 'number_refused',
      refusal,
      message: `Calls to ${TYPE_WORDS[type]} are not allowed from Click-to-Dial.`,
    });
  }
  const rules = await orgRules();
  const refusal = rules === null ? null : refusalOf({ e164: parsed.number, country: parsed.country, type: parsed.getType() }, rules);
  return refusal === null
    ? describe(null, null)
    : describe(refusal, { reason: 'number_refused', refusal, message: orgRefusalMessage(refusal) });
}

/**
 * The E.164 number to dial. 400 invalid_number when the destination is not E.164 (the extension reads numbers with
 * the user's country before it sends them) or not a valid number; 403 number_not_allowed for a refused type or code,
 * or a number the organisation's rules refuse.
 */
export async function checkDestination(
  destination: string,
  refused: RefusedNumbers,
  orgRules: OrgRulesLoader,
): Promise<Result<string, Failure>> {
  if (!E164Schema.safeParse(destination).success) return err({ reason: 'not_e164' });
  const { description, refusal } = await readDestination(destination, refused, orgRules);
  return refusal === null ? ok(description.number) : err(refusal);
}
