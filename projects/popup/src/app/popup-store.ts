/** The popup's view of the extension: the state from the background plus the devices list, as signals. */
import { computed, DOCUMENT, inject, Injectable, signal } from '@angular/core';
import type {
  CallProgress,
  Device,
  DialOutcome,
  ExtensionState,
  FirstLegWarning,
  MessageError,
  OrgRules,
  Result,
  Settings,
} from '@voipcom/shared';
import { afterPaint } from './after-paint';
import { BackgroundClient } from './background-client';

@Injectable({ providedIn: 'root' })
export class PopupStore {
  private readonly background = inject(BackgroundClient);
  private readonly document = inject(DOCUMENT);
  /**
   * Settled once the first view (what the background mirrored) is drawn. Messages to the background wait for it: each
   * wakes its service worker, whose start would compete with the popup's first frame for the CPU.
   */
  private firstViewDrawn: Promise<void> = Promise.resolve();
  private readonly drawnSignal = signal(false);
  private readonly stateSignal = signal<ExtensionState | null>(null);
  private readonly loadErrorSignal = signal<MessageError | null>(null);
  private readonly devicesSignal = signal<Device[]>([]);
  private readonly callSignal = signal<CallProgress | null>(null);
  private callPolling: ReturnType<typeof setInterval> | undefined;

  readonly state = this.stateSignal.asReadonly();
  /** False until the first view is drawn: what can come a frame later (a country's name) waits for it. */
  readonly drawn = this.drawnSignal.asReadonly();
  readonly loadError = this.loadErrorSignal.asReadonly();
  readonly devices = this.devicesSignal.asReadonly();
  readonly signedIn = computed(() => this.stateSignal()?.status === 'signed-in');
  readonly settings = computed(() => this.stateSignal()?.settings ?? null);
  /** The privacy policy the Worker names (GET /v1/policy); undefined until the Worker has answered. */
  readonly policyUrl = computed(() => this.stateSignal()?.policyUrl);
  /** The call the background follows, refreshed every second while it is live. */
  readonly call = this.callSignal.asReadonly();

  /**
   * Never waits for the network: draws what the background mirrored (before it wakes), then its state now, then
   * the state after it asked the Worker (which may say Voipcom cannot be reached: `refresh` tries again).
   */
  async load(): Promise<void> {
    const known = await this.background.knownState();
    if (known !== null && this.stateSignal() === null) {
      this.show(known);
      this.firstViewDrawn = afterPaint(this.document);
    }
    await this.firstViewDrawn;
    this.drawnSignal.set(true);
    const reply = await this.background.state();
    if (reply.ok) this.show(reply.data);
    this.loadErrorSignal.set(reply.ok ? null : reply.error);
    // A notice the background delivered just now (it delivers each once) stays shown after the Worker check.
    if (reply.ok) await this.refresh(reply.data.problem);
  }

  /**
   * Asks the background to check with the Worker again; what the user typed stays (views are not rebuilt).
   * `notice`: a problem already delivered to this popup, kept unless the check finds one of its own.
   */
  async refresh(notice: MessageError | null = null): Promise<void> {
    const reply = await this.background.refreshState();
    if (!reply.ok) return;
    this.show(notice !== null && reply.data.problem === null ? { ...reply.data, problem: notice } : reply.data);
    if (reply.data.status === 'signed-in') await this.loadDevices();
  }

  /** Returns the error to show beside the form, or null once signed in. */
  async signIn(username: string, password: string, passcode?: string): Promise<MessageError | null> {
    const reply = await this.background.signIn(username, password, passcode);
    if (!reply.ok) return reply.error;
    this.stateSignal.set(reply.data);
    await this.loadDevices();
    return null;
  }

  async signOut(): Promise<void> {
    this.apply(await this.background.signOut());
    this.devicesSignal.set([]);
  }

  async dial(destination: string, extension?: string): Promise<Result<DialOutcome, MessageError>> {
    this.showCall(null);
    const reply = await this.background.dial(destination, extension);
    if (reply.ok) this.stateSignal.update((state) => state && { ...state, lastDial: reply.data });
    if (reply.ok) await this.refreshCall();
    const code = reply.ok ? null : reply.error.code;
    // The background signed the user out; fetch the state that says so.
    if (code === 'session_expired' || code === 'unauthorized') await this.load();
    return reply;
  }

  /** Cancel or hang up; the outcome comes back at once. */
  async endCall(): Promise<MessageError | null> {
    const reply = await this.background.endCall();
    if (reply.ok) this.showCall(reply.data);
    return reply.ok ? null : reply.error;
  }

  async updateSettings(settings: Partial<Settings>): Promise<void> {
    this.apply(await this.background.updateSettings(settings));
  }

  /** Will the phone chosen to ring first ring? Asked of the Worker through the background each time, never kept. */
  async firstLeg(): Promise<Result<FirstLegWarning[], MessageError>> {
    await this.firstViewDrawn;
    return this.background.firstLeg();
  }

  /** The organisation's destination rules (read-only), asked each time the settings open. */
  orgRules(): Promise<Result<OrgRules, MessageError>> {
    return this.background.orgRules();
  }

  async dismissPolicyNotice(effective: string): Promise<void> {
    this.apply(await this.background.dismissPolicyNotice(effective));
  }

  private async refreshCall(): Promise<void> {
    const reply = await this.background.call();
    if (reply.ok) this.showCall(reply.data);
  }

  /** Shows `call`; keeps asking the background for it every second while it is live (ringing or connected). */
  private showCall(call: CallProgress | null): void {
    this.callSignal.set(call);
    const live = call !== null && call.state !== 'ended' && call.state !== 'failed';
    if (live && this.callPolling === undefined) {
      this.callPolling = setInterval(() => void this.refreshCall(), 1_000);
    } else if (!live && this.callPolling !== undefined) {
      clearInterval(this.callPolling);
      this.callPolling = undefined;
    }
  }

  private async loadDevices(): Promise<void> {
    const reply = await this.background.devices();
    // Unreachable: the phones the background last knew stay. Without any list the popup still dials ("all my phones").
    if (reply.ok) this.devicesSignal.set(reply.data);
  }

  private apply(reply: Result<ExtensionState, MessageError>): void {
    if (reply.ok) this.stateSignal.set(reply.data);
  }

  private show(state: ExtensionState): void {
    this.stateSignal.set(state);
    // A signed-in state the Worker could not confirm keeps the phones the popup already has.
    if (state.devices.length > 0 || state.status !== 'signed-in') this.devicesSignal.set(state.devices);
    this.showCall(state.call);
  }
}
