/** Where the first leg of an API-originated call goes, by the user's active answer rule and the phones' registration (README "Answer rules and the first leg"). */
import { OWN_DEVICES, type ActiveRule } from './answer-rule-registry';
import type { DemoUser } from './demo-users';
import type { DeviceRegistry } from './device-registry';

/**
 * `rings`: what the first leg rings (device ids, numbers, or the forward target as the PBX names it); empty when
 * nothing can ring, and then `end` says why: `dnd` (do-not-disturb) or `not-rung` (no registered phone to ring).
 */
export interface FirstLeg {
  rings: string[];
  end: 'dnd' | 'not-rung' | null;
}

/**
 * `call-orig-user` blank, the user's name or uid: the call is to the user, so the active answer rule applies to it
 * as to an inbound call: do-not-disturb rings nothing; forward-always sends it to the target (the phones' state does
 * not matter); otherwise every registered phone rings, plus the simultaneous-ring numbers. One of the user's
 * devices: the same rule applies (the device stands for the user), but only that device rings of the user's own.
 * Anything else is a number, outside the user's rules, which the PBX can always try.
 */
export function routeFirstLeg(user: DemoUser, origination: string, rule: ActiveRule, devices: DeviceRegistry): FirstLeg {
  const wanted = origination.trim().toLowerCase();
  const toUser = wanted === '' || wanted === user.user || wanted === user.uid.toLowerCase();
  const device = user.devices.find((candidate) => candidate.device.toLowerCase() === wanted);
  if (!toUser && device === undefined) return { rings: [origination.trim()], end: null };
  if (rule.dnd) return { rings: [], end: 'dnd' };
  if (rule.forwardAlways !== null) return { rings: [rule.forwardAlways], end: null };
  const own = (device === undefined ? user.devices : [device]).map((phone) => phone.device).filter((id) => devices.isRegistered(id));
  const extra = (rule.simultaneousRing ?? []).filter((target) => target !== OWN_DEVICES);
  const rings = [...own, ...extra];
  return { rings, end: rings.length === 0 ? 'not-rung' : null };
}
