/** The life of one simulated call: your leg rings, you answer or not, the far end rings, answers or is busy, the call runs, then ends. */
import * as z from 'zod/mini';

/** What you do when your phone has rung `ringYouMs`. */
export type YourAnswer = 'answer' | 'decline' | 'no-answer';
/** What the number you dialled does when it has rung `ringThemMs`. */
export type TheirAnswer = 'answer' | 'busy' | 'decline' | 'no-answer';
export type CallPhase = 'ringing-you' | 'ringing-them' | 'busy' | 'declined' | 'connected' | 'ended';
/**
 * Why a call ended; `not-rung`: the phone to ring first is unregistered, so the PBX never rang anything; `dnd`:
 * do-not-disturb is on in the user's active answer rule, so nothing rang.
 */
export type CallEnd =
  | 'not-rung'
  | 'dnd'
  | 'you-declined'
  | 'you-did-not-answer'
  | 'busy'
  | 'they-declined'
  | 'they-did-not-answer'
  | 'you-hung-up'
  | 'they-hung-up'
  | 'disconnected';

/**
 * How a call goes. Each duration counts from the start of its phase; null holds the call in that phase until a
 * control changes it. Unset fields take DEFAULT_CALL_SCRIPT's values.
 */
export interface CallScript {
  /** How long your phone rings before `you` happens. */
  ringYouMs?: number | null;
  you?: YourAnswer;
  /** How long the far end rings (after you answered) before `them` happens. */
  ringThemMs?: number | null;
  them?: TheirAnswer;
  /** How long the busy (or declined) leg stays listed before the PBX ends the call. */
  busyMs?: number | null;
  /** How long the connected call lasts before `hangUp` hangs up. */
  talkMs?: number | null;
  hangUp?: 'you' | 'them';
  /**
   * Which of the call's id fields hold the `call-id` the client chose. 'ours': `call-orig-call-id` and
   * `call-by-call-id` (as in the API description's example); 'pbx': only `call-by-call-id`, the PBX names the call
   * by an id of its own; 'none': no field (a client can find the call only by number and start time). The path
   * `/calls/{callid}` takes the `call-orig-call-id`.
   */
  ids?: 'ours' | 'pbx' | 'none';
  /** Field names of the listing: the ActiveCall schema's ('call-orig-call-id', ...) or its example's ('orig_callid', ...). */
  spelling?: 'schema' | 'example';
}

/**
 * Without controls a call is answered on your phone after 2 s, by the far end 3 s later, and stays connected until
 * it is disconnected (DELETE) or a control ends it: short enough for tests, long enough to watch in `npm start`.
 */
export const DEFAULT_CALL_SCRIPT: Readonly<Required<CallScript>> = {
  ringYouMs: 2_000,
  you: 'answer',
  ringThemMs: 3_000,
  them: 'answer',
  busyMs: 4_000,
  talkMs: null,
  hangUp: 'them',
  ids: 'ours',
  spelling: 'schema',
};

const DurationSchema = z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(24 * 3_600_000))));

/** A CallScript as the /_sim/ controls take it. */
export const CallScriptSchema = z.strictObject({
  ringYouMs: DurationSchema,
  you: z.optional(z.enum(['answer', 'decline', 'no-answer'])),
  ringThemMs: DurationSchema,
  them: z.optional(z.enum(['answer', 'busy', 'decline', 'no-answer'])),
  busyMs: DurationSchema,
  talkMs: DurationSchema,
  hangUp: z.optional(z.enum(['you', 'them'])),
  ids: z.optional(z.enum(['ours', 'pbx', 'none'])),
  spelling: z.optional(z.enum(['schema', 'example'])),
}) satisfies z.ZodMiniType<CallScript>;

type LivePhase = Exclude<CallPhase, 'ended'>;

/** The script field that says how long each phase lasts. */
const DURATION_OF: Record<LivePhase, 'ringYouMs' | 'ringThemMs' | 'busyMs' | 'talkMs'> = {
  'ringing-you': 'ringYouMs',
  'ringing-them': 'ringThemMs',
  busy: 'busyMs',
  declined: 'busyMs',
  connected: 'talkMs',
};

export interface CallMoment {
  phase: CallPhase;
  end: CallEnd | null;
  /** Epoch ms the far end answered; null before. */
  answeredAt: number | null;
}

/**
 * Evaluated lazily: nothing runs between requests; every read first moves the call through the phases whose time
 * is up, so a call's life never depends on timers or on who is asking.
 */
export class CallLife {
  private script: Required<CallScript>;
  private phase: CallPhase;
  private phaseSince: number;
  private end: CallEnd | null = null;
  private answeredAt: number | null = null;

  /** `notRung`: why the first leg could ring nothing (the call ends at once, never listed); null: it rings. */
  constructor(script: CallScript, startedAt: number, notRung: 'not-rung' | 'dnd' | null = null) {
    this.script = { ...DEFAULT_CALL_SCRIPT, ...definedFields(script) };
    this.phase = notRung === null ? 'ringing-you' : 'ended';
    this.phaseSince = startedAt;
    this.end = notRung;
  }

  /** How the call is listed: its ids and field names. */
  get listing(): Pick<Required<CallScript>, 'ids' | 'spelling'> {
    return { ids: this.script.ids, spelling: this.script.spelling };
  }

  at(now: number): CallMoment {
    this.advance(now);
    return { phase: this.phase, end: this.end, answeredAt: this.answeredAt };
  }

  /**
   * Changes the rest of the script. When it sets the duration of the phase the call is in, that duration counts
   * from now: `{ringYouMs: 0}` while your phone rings makes `you` happen at once.
   */
  control(changes: CallScript, now: number): void {
    this.advance(now);
    const defined = definedFields(changes);
    this.script = { ...this.script, ...defined };
    if (this.phase !== 'ended' && DURATION_OF[this.phase] in defined) this.phaseSince = now;
    this.advance(now);
  }

  /** DELETE: ends a live call; false when it had already ended. */
  disconnect(now: number): boolean {
    this.advance(now);
    if (this.phase === 'ended') return false;
    this.finish('disconnected', now);
    return true;
  }

  private advance(now: number): void {
    for (;;) {
      if (this.phase === 'ended') return;
      const duration = this.script[DURATION_OF[this.phase]];
      if (duration === null || now < this.phaseSince + duration) return;
      this.next(this.phase, this.phaseSince + duration);
    }
  }

  private next(phase: LivePhase, at: number): void {
    switch (phase) {
      case 'ringing-you':
        if (this.script.you === 'answer') this.enter('ringing-them', at);
        else this.finish(this.script.you === 'decline' ? 'you-declined' : 'you-did-not-answer', at);
        return;
      case 'ringing-them':
        if (this.script.them === 'answer') {
          this.answeredAt = at;
          this.enter('connected', at);
        } else if (this.script.them === 'busy') {
          this.enter('busy', at);
        } else if (this.script.them === 'decline') {
          this.enter('declined', at);
        } else {
          this.finish('they-did-not-answer', at);
        }
        return;
      case 'busy':
        this.finish('busy', at);
        return;
      case 'declined':
        this.finish('they-declined', at);
        return;
      case 'connected':
        this.finish(this.script.hangUp === 'you' ? 'you-hung-up' : 'they-hung-up', at);
        return;
    }
  }

  private enter(phase: LivePhase, at: number): void {
    this.phase = phase;
    this.phaseSince = at;
  }

  private finish(end: CallEnd, at: number): void {
    this.phase = 'ended';
    this.phaseSince = at;
    this.end = end;
  }
}

/** Drops keys whose value is undefined, so `{talkMs: undefined}` does not erase a default. */
function definedFields(script: CallScript): CallScript {
  return Object.fromEntries(Object.entries(script).filter(([, value]) => value !== undefined));
}
