/** An organisation's destination rules judged against a number (do-not-call, countries, classes), for dial-destination.ts. */
import type { NumberClass, NumberRefusal, OrgRules } from '@voipcom/shared';
import type { PhoneNumberType } from 'libphonenumber-js/max';

/** The classes a libphonenumber-js type belongs to: a number that can be either is in both. */
const CLASSES_OF: Record<PhoneNumberType, readonly NumberClass[]> = {
  PREMIUM_RATE: ['premium_rate'],
  TOLL_FREE: ['toll_free'],
  SHARED_COST: ['shared_cost'],
  VOIP: ['voip'],
  PERSONAL_NUMBER: ['personal_number'],
  PAGER: ['pager'],
  UAN: ['uan'],
  VOICEMAIL: ['voicemail'],
  FIXED_LINE_OR_MOBILE: ['mobile', 'fixed_line'],
  FIXED_LINE: ['fixed_line'],
  MOBILE: ['mobile'],
};

/** The class a refusal names for a type: the first of its classes (`mobile` for a US number). */
export function classOf(type: PhoneNumberType): NumberClass {
  return CLASSES_OF[type][0];
}

/** The number as the rules need it: E.164, its country (ISO 3166-1 alpha-2) and type, when libphonenumber-js knows them. */
export interface DialledNumber {
  e164: string;
  country: string | undefined;
  type: PhoneNumberType | undefined;
}

/**
 * The rule that refuses the number, or null. The do-not-call list first (the most specific), then the allowed
 * countries (a number of no known country is refused when only some countries are allowed), then the classes: a
 * number that may be mobile or fixed line (US, Canada) is refused only when every class it may be is refused.
 */
export function refusalOf(number: DialledNumber, rules: OrgRules): NumberRefusal | null {
  if (rules.doNotCall.some((entry) => number.e164.startsWith(entry))) return { code: 'do_not_call' };
  if (rules.allowedCountries.length > 0 && (number.country === undefined || !rules.allowedCountries.includes(number.country))) {
    // The international networks (+881, +882, ...) belong to no country: refused, and named by none.
    return number.country === undefined ? { code: 'country_not_allowed' } : { code: 'country_not_allowed', country: number.country };
  }
  const classes = number.type === undefined ? [] : CLASSES_OF[number.type];
  if (classes.length > 0 && classes.every((numberClass) => rules.refusedClasses.includes(numberClass))) {
    return { code: 'class_not_allowed', numberClass: classes[0], by: 'organisation' };
  }
  return null;
}

/** The English message (for logs and the audit record) of a refusal by the organisation's rules. */
export function orgRefusalMessage(refusal: NumberRefusal): string {
  switch (refusal.code) {
    case 'do_not_call':
      return 'Your organisation does not allow calls to this number.';
    case 'country_not_allowed':
      return `Your organisation does not allow calls to numbers in ${refusal.country ?? 'no country (an international network)'}.`;
    case 'class_not_allowed':
      return `Your organisation does not allow calls to ${refusal.numberClass.replace(/_/g, '-')} numbers.`;
  }
}
