/** Whether the first leg of a dial would reach the user: the active answer rule and the phones' registration, as warnings. */
import type { Device, FirstLegWarning } from '@voipcom/shared';
import type { AnswerRule } from '../netsapiens/pbx-schemas';

/** The rule whose `is-active` is set (the timeframe in force now); none: no rule changes where the first leg goes. */
export function activeRule(rules: readonly AnswerRule[]): AnswerRule | undefined {
  return rules.find((rule) => {
    const active = rule['is-active'];
    return active === true || (typeof active === 'string' && ['yes', 'true'].includes(active.trim().toLowerCase()));
  });
}

function enabled(feature: AnswerRule['do-not-disturb']): boolean {
  return feature?.enabled?.trim().toLowerCase() === 'yes';
}

/** Where forward-always sends calls, as the PBX names it (its first parameter), cut to the contract's 128 characters. */
function forwardTarget(rule: AnswerRule): string | null {
  if (!enabled(rule['forward-always'])) return null;
  const first = rule['forward-always']?.parameters?.[0];
  const text = first === undefined ? '' : String(first).trim();
  return text === '' ? null : text.slice(0, 128);
}

/**
 * Every warning that applies, most telling first: do-not-disturb, forward-always, then the phones (the chosen one
 * offline; or, with none chosen, none online). `device` is a device id of the user's (checked by the caller) or null.
 */
export function firstLegWarnings(rule: AnswerRule | undefined, devices: readonly Device[], device: string | null): FirstLegWarning[] {
  const warnings: FirstLegWarning[] = [];
  if (rule !== undefined && enabled(rule['do-not-disturb'])) warnings.push({ code: 'dnd' });
  const target = rule === undefined ? null : forwardTarget(rule);
  if (target !== null) warnings.push({ code: 'forwarded', to: target });
  if (device !== null) {
    const chosen = devices.find((candidate) => candidate.id === device);
    if (chosen !== undefined && !chosen.online) warnings.push({ code: 'phone_offline', device: chosen.id, label: chosen.label });
  } else if (!devices.some((candidate) => candidate.online)) {
    warnings.push({ code: 'no_phone_online' });
  }
  return warnings;
}
