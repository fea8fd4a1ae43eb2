/**
 * The one owner of a call's life: places it (POST /v1/calls), follows it with the Worker (GET /v1/calls/{id}) while
 * the popup is closed too, hangs it up, shows its end on the badge for a while, and forgets it at sign-out. Nothing
 * else writes the call: the popup and the badge read it in the store, and chrome.storage.session keeps it so a
 * restarted service worker carries on.
 */
import { inject, Injectable, InjectionToken } from '@angular/core';
import {
  CallProgressSchema,
  err,
  ok,
  type CallProgress,
  type CallState,
  type CallStatusResponse,
  type DialOutcome,
  type MessageError,
  type Result,
} from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NOW } from './platform';
import { react } from './reaction';
import { NOT_SIGNED_IN, SessionService } from './session-service';
import { WorkerClient } from './worker-client';

const CALL_KEY = 'call';

/** The pace and limits of following a call (specs shorten them). */
export interface CallTimings {
  /** Between status reads while a phone rings: the Worker's status limit is sized for one a second. */
  ringingPollMs: number;
  /** Between status reads once connected: the call changes only when it ends. */
  connectedPollMs: number;
  /** No phone rings this long: stop following (the PBX gives up well before). */
  ringingCeilingMs: number;
  /** A call this long is followed no further: the badge must not say "connected" for ever. */
  connectedCeilingMs: number;
  /** Status reads that fail one after another before the call is given up as lost. */
  maxFailedPolls: number;
  /** How long the badge shows that a call ended or failed. */
  endedBadgeMs: number;
}

export const DEFAULT_CALL_TIMINGS: CallTimings = {
  ringingPollMs: 1_000,
  connectedPollMs: 3_000,
  ringingCeilingMs: 3 * 60_000,
  connectedCeilingMs: 4 * 60 * 60_000,
  maxFailedPolls: 5,
  endedBadgeMs: 30_000,
};

export const CALL_TIMINGS = new InjectionToken<CallTimings>('call timings');

const FINAL: ReadonlySet<CallState> = new Set(['ended', 'failed']);

function isFinal(call: CallProgress): boolean {
  return FINAL.has(call.state);
}

@Injectable()
export class CallFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly worker = inject(WorkerClient);
  private readonly session = inject(SessionService);
  private readonly now = inject(NOW);
  private readonly timings = inject(CALL_TIMINGS);
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private endedTimer: ReturnType<typeof setTimeout> | undefined;
  private failedPolls = 0;

  /** Registered at start-up: it observes the session, and a sign-out (the user's, or an expiry) forgets the call. */
  init(): void {
    let session: string | null = null;
    react(() => {
      const was = session;
      session = this.store.session();
      if (was !== null && session === null) void this.forget();
    });
  }

  /** Start-up: the call a stopped service worker was following is followed again. */
  async restore(): Promise<void> {
    const parsed = CallProgressSchema.safeParse((await this.chrome.storage.session.get(CALL_KEY))[CALL_KEY]);
    if (!parsed.success || !this.store.signedIn()) return this.forget();
    this.store.setCall(parsed.data);
    if (!isFinal(parsed.data)) this.schedule(0);
  }

  /** Places a call and follows it; the outcome (kept in memory) is for the popup and the badge. */
  async dial(destination: string, extension?: string): Promise<Result<DialOutcome, MessageError>> {
    const session = this.store.session();
    if (!session) {
      this.store.setProblem(NOT_SIGNED_IN);
      return err(NOT_SIGNED_IN);
    }
    this.store.dialStarted();
    const origination = this.store.settings().originationDeviceId ?? undefined;
    const result = await this.worker.placeCall(session, { destination, origination });
    const outcome: DialOutcome = result.ok
      ? { destination: result.data.destination, placed: true, at: this.now() }
      : { destination, placed: false, at: this.now(), error: result.error };
    this.store.dialFinished(outcome);
    if (result.ok) await this.follow(result.data.callId, result.data.destination, extension);
    await this.session.expireOn(session, result);
    return result.ok ? ok(outcome) : result;
  }

  /** The user cancels the ringing call or hangs up the connected one; the call's outcome is then "ended". */
  async hangUp(): Promise<Result<CallProgress | null, MessageError>> {
    const call = this.store.call();
    const session = this.store.session();
    if (call === null || isFinal(call) || session === null) return ok(call);
    const result = await this.worker.endCall(session, call.callId);
    await this.session.expireOn(session, result);
    if (!result.ok) return result;
    const ended: CallProgress = { ...call, state: 'ended', endedAt: this.now() };
    await this.save(ended);
    return ok(ended);
  }

  /** Sign-out: nothing of the call stays, in memory or in storage. */
  private async forget(): Promise<void> {
    clearTimeout(this.pollTimer);
    clearTimeout(this.endedTimer);
    this.store.forgetCall();
    await this.chrome.storage.session.remove(CALL_KEY);
  }

  /** A call was just placed: follow it. */
  private async follow(callId: string, destination: string, extension?: string): Promise<void> {
    this.failedPolls = 0;
    await this.save({ callId, destination, extension, state: 'ringing_you', startedAt: this.now() });
    this.schedule(this.timings.ringingPollMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    const call = this.store.call();
    const session = this.store.session();
    // Signed out meanwhile: the sign-out has forgotten the call (init).
    if (session === null || call === null || isFinal(call)) return;
    const result = await this.worker.callStatus(session, call.callId, call.state);
    await this.session.expireOn(session, result);
    if (!this.store.signedIn()) return;
    // The popup may have ended the call meanwhile, or a new dial replaced it.
    if (this.store.call()?.callId !== call.callId || isFinal(this.store.call() ?? call)) return;
    const next = result.ok ? this.advance(call, result.data) : this.afterFailedPoll(call, result.error.message);
    await this.save(next);
    if (!isFinal(next)) this.schedule(next.state === 'connected' ? this.timings.connectedPollMs : this.timings.ringingPollMs);
  }

  private advance(call: CallProgress, status: CallStatusResponse): CallProgress {
    this.failedPolls = 0;
    const now = this.now();
    const next: CallProgress = { ...call, state: status.state };
    if (status.answeredAt !== undefined) next.answeredAt = Date.parse(status.answeredAt);
    if (status.message !== undefined) next.message = status.message;
    if (status.reason !== undefined) next.reasonCode = status.reason;
    if (isFinal(next)) return { ...next, endedAt: now };
    const ringingTooLong = next.state !== 'connected' && now - call.startedAt > this.timings.ringingCeilingMs;
    const connectedTooLong = next.state === 'connected' && now - (next.answeredAt ?? call.startedAt) > this.timings.connectedCeilingMs;
    if (ringingTooLong || connectedTooLong) {
      return { ...next, state: 'ended', endedAt: now, message: 'Click-to-Dial stopped following this call.', reason: 'stopped_following' };
    }
    return next;
  }

  private afterFailedPoll(call: CallProgress, reason: string): CallProgress {
    this.failedPolls++;
    if (this.failedPolls < this.timings.maxFailedPolls) return call;
    return {
      ...call,
      state: 'failed',
      endedAt: this.now(),
      message: `Click-to-Dial lost track of this call. ${reason}`,
      reason: 'lost_track',
    };
  }

  private async save(call: CallProgress): Promise<void> {
    // Also keeps the service worker awake while it follows the call: each extension API call counts as activity.
    await this.chrome.storage.session.set({ [CALL_KEY]: call });
    const before = this.store.call();
    this.store.setCall(call);
    if (isFinal(call) && !isFinal(before ?? call)) {
      // The badge shows the end for a while, then the signed-in look again.
      this.store.setEndedCall(call);
      clearTimeout(this.endedTimer);
      this.endedTimer = setTimeout(() => this.store.setEndedCall(null), this.timings.endedBadgeMs);
    }
  }
}
