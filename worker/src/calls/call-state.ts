/** Finds the Worker's call among the PBX's live calls and says where it is, with nothing stored between reads. */
import type { CallState, Device } from '@voipcom/shared';
import type { ActiveCall } from '../netsapiens/pbx-schemas';
import { deviceTag, PBX_CALL_ID, type PlacedCall } from './call-id';

/** A call not (yet) listed this soon after the dial is taken to be still setting up: the PBX answered 202 first. */
const SETUP_GRACE_MS = 3_000;
/** A call gone within this long after the dial may never have rung: then the phone it was to ring is checked. */
const NOT_RUNG_WINDOW_MS = 60_000;
/** Matching by number: the listed start may differ from the dial by this much (clock skew, whole seconds, latency). */
const START_TOLERANCE_MS = 15_000;

/** Leg states of an answered leg: "active" (the description's example), "held" (on hold, still connected). */
const ANSWERED_LEG = new Set(['active', 'held']);

export interface CallReading {
  state: CallState;
  /** Epoch ms both sides had answered, when the PBX says. */
  answeredAt?: number;
  message?: string;
}

/**
 * Our call among the listed ones: the one with our `call-id` in any of its id fields (the description does not say
 * which field keeps it, nor whether `/calls/{callid}` means ours or the PBX's `call-orig-call-id`); failing that,
 * the call to the number dialled whose start is nearest the dial's, within START_TOLERANCE_MS, leaving out calls
 * that carry another Click-to-Dial call-id (another dial, maybe to the same number: never ours to end).
 */
export function findCall(calls: readonly ActiveCall[], placed: PlacedCall): ActiveCall | null {
  const byId = calls.find((call) => call.ids.includes(placed.pbxCallId));
  if (byId !== undefined) return byId;
  const digits = placed.destination.slice(1);
  let nearest: ActiveCall | null = null;
  let nearestGap = Number.POSITIVE_INFINITY;
  for (const call of calls) {
    if (call.startedAt === null || call.ids.some((id) => PBX_CALL_ID.test(id))) continue;
    if (!call.numbers.some((number) => sameNumber(number, digits))) continue;
    const gap = Math.abs(call.startedAt - placed.startedAt);
    if (gap <= START_TOLERANCE_MS && gap < nearestGap) {
      nearest = call;
      nearestGap = gap;
    }
  }
  return nearest;
}

/** The same number when equal, or when the PBX shows it without (or with more) prefix digits: 7 digits at least agree. */
function sameNumber(listed: string, dialled: string): boolean {
  const [shorter, longer] = listed.length <= dialled.length ? [listed, dialled] : [dialled, listed];
  return shorter.length >= 7 && longer.endsWith(shorter);
}

/**
 * A listed call's state from its legs: the number dialled answered → connected; it is busy → failed; your leg
 * answered → ringing_them; otherwise your phone still rings. `answeredAt` is the PBX's answer time.
 */
export function listedState(call: ActiveCall): CallReading {
  if (call.termLeg === 'busy') return { state: 'failed', message: 'The number you called is busy. Try again later.' };
  if (ANSWERED_LEG.has(call.termLeg)) {
    return call.answeredAt === null ? { state: 'connected' } : { state: 'connected', answeredAt: call.answeredAt };
  }
  if (ANSWERED_LEG.has(call.origLeg)) return { state: 'ringing_them' };
  return { state: 'ringing_you' };
}

/**
 * A call the PBX does not list. Within SETUP_GRACE_MS of the dial it is still being set up (ringing_you). After
 * that it is over: `failed` when it ended within NOT_RUNG_WINDOW_MS and the phone it was to ring is offline (the
 * PBX accepted the call but could not ring anything), else `ended`. `devices` is asked only in that window.
 */
export async function unlistedState(placed: PlacedCall, now: number, devices: () => Promise<Device[]>): Promise<CallReading> {
  const age = now - placed.startedAt;
  if (age < SETUP_GRACE_MS) return { state: 'ringing_you' };
  if (age >= NOT_RUNG_WINDOW_MS) return { state: 'ended' };
  const message = await offlineMessage(await devices(), placed.originationTag);
  return message === null ? { state: 'ended' } : { state: 'failed', message };
}

async function offlineMessage(devices: Device[], originationTag: string): Promise<string | null> {
  if (originationTag === '') {
    if (devices.some((device) => device.online)) return null;
    return 'None of your phones is online, so the call could not ring you. Start your phone or phone app and dial again.';
  }
  const tags = await Promise.all(devices.map((device) => deviceTag(device.id)));
  // A device removed since the dial cannot ring either.
  const device = devices[tags.indexOf(originationTag)];
  if (device?.online === true) return null;
  let label = device?.label ?? 'chosen to ring first';
  // Labels carry the PBX's model name (up to 256 characters); the message must stay short.
  if (label.length > 80) label = `${label.slice(0, 79)}…`;
  return `Your phone ${label} is offline, so the call could not ring it. Choose a phone that is online and dial again.`;
}
