/** The extension's words for the first-leg warnings ("will my phone ring?") and for the organisation's destination rules. */
import type { FirstLegWarning, NumberClass, OrgRules } from '@voipcom/shared';
import type { Catalogue, MessageKey } from './catalogue';

/** One sentence per warning; the forward target exactly as the PBX names it, a phone by its label (or id). */
export function firstLegText(texts: Catalogue, warning: FirstLegWarning): string {
  switch (warning.code) {
    case 'dnd':
      return texts.text('firstLegDnd');
    case 'forwarded':
      return texts.text('firstLegForwarded', warning.to);
    case 'phone_offline':
      return texts.text('phoneOfflineWarning', warning.label || warning.device);
    case 'no_phone_online':
      return texts.text('firstLegNoPhoneOnline');
  }
}

const CLASS_TEXT: Record<NumberClass, MessageKey> = {
  premium_rate: 'numberClassPremiumRate',
  toll_free: 'numberClassTollFree',
  shared_cost: 'numberClassSharedCost',
  voip: 'numberClassVoip',
  personal_number: 'numberClassPersonalNumber',
  pager: 'numberClassPager',
  uan: 'numberClassUan',
  voicemail: 'numberClassVoicemail',
  mobile: 'numberClassMobile',
  fixed_line: 'numberClassFixedLine',
  international_network: 'numberClassInternationalNetwork',
};

/** The organisation's rules as sentences (countries, classes, do-not-call); empty when it sets none. */
export function orgRulesLines(texts: Catalogue, rules: OrgRules): string[] {
  const list = (values: string[]) => new Intl.ListFormat(texts.locale, { type: 'conjunction' }).format(values);
  const lines: string[] = [];
  if (rules.allowedCountries.length > 0)
    lines.push(texts.text('orgRulesCountries', list(rules.allowedCountries.map((code) => texts.country(code)))));
  if (rules.refusedClasses.length > 0)
    lines.push(texts.text('orgRulesClasses', list(rules.refusedClasses.map((name) => texts.text(CLASS_TEXT[name])))));
  if (rules.doNotCall.length > 0) lines.push(texts.text('orgRulesDoNotCall', list(rules.doNotCall)));
  return lines;
}
