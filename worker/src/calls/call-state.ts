/** Finds the Worker's call among the PBX's live calls and says where it is, with nothing stored between reads. */
import type { CallReason, CallState, Device } from '@voipcom/shared';
import { activeRule, doNotDisturb } from '../first-leg/first-leg-warnings';
import type { ActiveCall, AnswerRule } from '../netsapiens/pbx-schemas';
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
  /** For `failed` and `ended`. */
  reason?: CallReason;
  message?: string;
}

/** Leg states of a far end that refused the call: SIP 603 Decline (the simulator's word; "rejected" read the same). */
const DECLINED_LEG = new Set(['declined', 'rejected']);

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
  if (call.termLeg === 'busy') return { state: 'failed', reason: 'busy', message: 'The number you called is busy. Try again later.' };
  if (DECLINED_LEG.has(call.termLeg)) return { state: 'failed', reason: 'declined', message: 'The number you called declined the call.' };
  if (ANSWERED_LEG.has(call.termLeg)) {
    return call.answeredAt === null ? { state: 'connected' } : { state: 'connected', answeredAt: call.answeredAt };
  }
  if (ANSWERED_LEG.has(call.origLeg)) return { state: 'ringing_them' };
  return { state: 'ringing_you' };
}

/** What an unlisted call's reading may ask the PBX, only when needed. */
export interface PbxLookups {
  devices(): Promise<Device[]>;
  answerRules(): Promise<AnswerRule[]>;
}

/**
 * A call the PBX does not list. Within SETUP_GRACE_MS of the dial it is still being set up (ringing_you). After
 * that it is over, and `seen` (the last state the client saw; the Worker keeps none) says how: seen `connected`,
 * `completed`; seen `ringing_them`, the far end did not answer. Within NOT_RUNG_WINDOW_MS a call whose first leg
 * could not ring failed: do-not-disturb on (the active answer rule), or the phone to ring offline (the PBX
 * accepted the call but rang nothing). Otherwise seen `ringing_you` means your phone was not answered, and
 * anything else is `ended`. The PBX is asked (answer rules, then devices) only in that window.
 */
export async function unlistedState(placed: PlacedCall, now: number, pbx: PbxLookups, seen?: CallState): Promise<CallReading> {
  const age = now - placed.startedAt;
  if (age < SETUP_GRACE_MS) return { state: 'ringing_you' };
  if (seen === 'connected') return { state: 'ended', reason: 'completed' };
  if (seen === 'ringing_them') return { state: 'failed', reason: 'no_answer', message: 'The number you called did not answer.' };
  if (age < NOT_RUNG_WINDOW_MS) {
    if (doNotDisturb(activeRule(await pbx.answerRules()))) {
      return {
        state: 'failed',
        reason: 'own_phone_dnd',
        message: 'Do not disturb is on, so the call could not ring your phone. Turn it off and dial again.',
      };
    }
    const message = await offlineMessage(await pbx.devices(), placed.originationTag);
    if (message !== null) return { state: 'failed', reason: 'own_phone_offline', message };
  }
  if (seen === 'ringing_you') return { state: 'failed', reason: 'own_phone_no_answer', message: 'Your phone rang and was not answered.' };
  return { state: 'ended', reason: 'ended' };
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
