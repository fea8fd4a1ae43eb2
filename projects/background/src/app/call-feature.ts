/**
 * Follows the last placed call with the Worker (GET /v1/calls/{id}) while the popup is closed too: its state is in
 * the store for the popup and the badge, and in chrome.storage.session so a restarted service worker carries on.
 */
import { inject, Injectable, InjectionToken } from '@angular/core';
import {
  CallProgressSchema,
  ok,
  type CallProgress,
  type CallState,
  type CallStatusResponse,
  type MessageError,
  type Result,
} from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NOW } from './platform';
import { SessionService } from './session-service';
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
  private badgeTimer: ReturnType<typeof setTimeout> | undefined;
  private failedPolls = 0;
  /** Whether chrome.storage.session holds a call now. */
  private stored = false;

  /** Registered at start-up: signing out forgets the call at once. */
  init(): void {
    this.store.onChange(() => {
      if (!this.store.signedIn() && this.stored) void this.forget();
    });
  }

  /** Start-up: the call a stopped service worker was following is followed again. */
  async restore(): Promise<void> {
    const parsed = CallProgressSchema.safeParse((await this.chrome.storage.session.get(CALL_KEY))[CALL_KEY]);
    if (!parsed.success || !this.store.signedIn()) return this.forget();
    this.store.setCall(parsed.data);
    if (!isFinal(parsed.data)) this.schedule(0);
  }

  /** A call was just placed: follow it. */
  async follow(callId: string, destination: string, extension?: string): Promise<void> {
    this.failedPolls = 0;
    await this.save({ callId, destination, extension, state: 'ringing_you', startedAt: this.now() });
    this.schedule(this.timings.ringingPollMs);
  }

  /** Cancels the ringing call or hangs up the connected one; the call's outcome is then "ended". */
  async end(): Promise<Result<CallProgress | null, MessageError>> {
    const call = this.store.call();
    const session = this.store.session();
    if (call === null || isFinal(call) || session === null) return ok(call);
    const result = await this.worker.endCall(session, call.callId);
    await this.session.expireOn(result);
    if (!result.ok) return result;
    const ended: CallProgress = { ...call, state: 'ended', endedAt: this.now() };
    await this.save(ended);
    return ok(ended);
  }

  /** Sign-out: nothing of the call stays, in memory or in storage. */
  async forget(): Promise<void> {
    clearTimeout(this.pollTimer);
    clearTimeout(this.badgeTimer);
    this.stored = false;
    await this.chrome.storage.session.remove(CALL_KEY);
    if (this.store.call() !== null) this.store.setCall(null);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    const call = this.store.call();
    const session = this.store.session();
    if (session === null) return this.forget();
    if (call === null || isFinal(call)) return;
    const result = await this.worker.callStatus(session, call.callId, call.state);
    await this.session.expireOn(result);
    if (!this.store.signedIn()) return this.forget();
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
    return { ...call, state: 'failed', endedAt: this.now(), message: `Click-to-Dial lost track of this call. ${reason}`, reason: 'lost_track' };
  }

  private async save(call: CallProgress): Promise<void> {
    // Also keeps the service worker awake while it follows the call: each extension API call counts as activity.
    this.stored = true;
    await this.chrome.storage.session.set({ [CALL_KEY]: call });
    const justEnded = isFinal(call) && !isFinal(this.store.call() ?? call);
    this.store.setCall(call, justEnded || (isFinal(call) && this.store.callJustEnded()));
    if (justEnded) {
      clearTimeout(this.badgeTimer);
      this.badgeTimer = setTimeout(() => this.store.setCall(this.store.call(), false), this.timings.endedBadgeMs);
    }
  }
}
