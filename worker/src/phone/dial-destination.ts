/** Decides whether a requested destination may be dialled: E.164 only, a valid number, and not of a blocked type. */
import { E164Schema } from '@voipcom/shared';
import type { PhoneNumberType } from 'libphonenumber-js/max';
import { ApiError } from '../http/errors';
import { classOf } from '../org-rules/org-rules-check';

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

/**
 * The E.164 number to dial. 400 invalid_number when the destination is not E.164 (the extension reads numbers with
 * the user's country before it sends them) or not a valid number; 403 number_not_allowed for a blocked type.
 */
export async function checkDestination(destination: string, blockedTypes: ReadonlySet<PhoneNumberType>): Promise<string> {
  if (!E164Schema.safeParse(destination).success) {
    throw new ApiError(
      'invalid_number',
      'That is not a phone number in international form. Send it with + and the country code, digits only, e.g. +12125550100.',
    );
  }
  // Imported on the first dial, not at startup: the isolate starts without evaluating the phone metadata.
  const { parsePhoneNumberFromString } = await import('./number-reading');
  const parsed = parsePhoneNumberFromString(destination);
  if (parsed === undefined || !parsed.isValid()) {
    throw new ApiError('invalid_number', 'That is not a phone number that can be dialled. Check the country code and the number of digits.');
  }
  const type = parsed.getType();
  if (type !== undefined && blockedTypes.has(type)) {
    throw new ApiError('number_not_allowed', `Calls to ${TYPE_WORDS[type]} are not allowed from Click-to-Dial.`, {}, {
      reason: 'service_refused',
      refusal: { code: 'class_not_allowed', numberClass: classOf(type), by: 'service' },
    });
  }
  return parsed.number;
}
