/** The background's state as signals: one place that every feature reads and changes, and that says when it changed. */
import { computed, Injectable, signal } from '@angular/core';
import {
  DEFAULT_SETTINGS,
  NO_MANAGED_POLICY,
  type CallProgress,
  type Device,
  type ManagedPolicy,
  type DialOutcome,
  type ExtensionState,
  type MessageError,
  type PolicyNotice,
  type SessionUser,
  type Settings,
} from '@voipcom/shared';

@Injectable()
export class ExtensionStore {
  private readonly sessionId = signal<string | null>(null);
  private readonly userSignal = signal<SessionUser | null>(null);
  /** The user's own choices, as stored. */
  private readonly userSettingsSignal = signal<Settings>(DEFAULT_SETTINGS);
  private readonly managedSignal = signal<ManagedPolicy>(NO_MANAGED_POLICY);
  /** Kept in memory only: a service-worker restart forgets the last dial. */
  private readonly lastDialSignal = signal<DialOutcome | null>(null);
  /** Dials on their way; a count, as a second dial can start before the first one is answered. */
  private readonly dialsInFlight = signal(0);
  private readonly policyNoticeSignal = signal<PolicyNotice | null>(null);
  private readonly policyUrlSignal = signal<string | undefined>(undefined);
  private readonly problemSignal = signal<MessageError | null>(null);
  /** The followed call, or the outcome of the last one until the next dial. */
  private readonly callSignal = signal<CallProgress | null>(null);
  /** A call ended or failed a moment ago: the badge says so for a while. */
  private readonly callJustEndedSignal = signal(false);
  private readonly devicesSignal = signal<Device[]>([]);
  private readonly listeners: (() => void)[] = [];

  readonly session = this.sessionId.asReadonly();
  readonly userSettings = this.userSettingsSignal.asReadonly();
  readonly managed = this.managedSignal.asReadonly();
  /** The settings in force: the user's, with what the organisation set over them (the admin wins). */
  readonly settings = computed<Settings>(() => {
    const { defaultCountry, highlightNumbers } = this.managedSignal();
    return {
      ...this.userSettingsSignal(),
      ...(defaultCountry !== undefined && { defaultCountry }),
      ...(highlightNumbers !== undefined && { highlightNumbers }),
    };
  });
  readonly dialling = computed(() => this.dialsInFlight() > 0);
  readonly problem = this.problemSignal.asReadonly();
  readonly signedIn = computed(() => this.sessionId() !== null);
  readonly call = this.callSignal.asReadonly();
  readonly callJustEnded = this.callJustEndedSignal.asReadonly();

  /** What the popup shows. */
  readonly state = computed<ExtensionState>(() => ({
    status: this.signedIn() ? 'signed-in' : 'signed-out',
    user: this.userSignal(),
    settings: this.settings(),
    lastDial: this.lastDialSignal(),
    policyNotice: this.policyNoticeSignal(),
    ...(this.policyUrlSignal() !== undefined && { policyUrl: this.policyUrlSignal() }),
    problem: this.problemSignal(),
    call: this.callSignal(),
    managed: this.managedSignal(),
    devices: this.devicesSignal(),
  }));

  /**
   * Calls the listener after every change. The background has no change-detection scheduler for `effect()`
   * (that would need private API), so features that mirror state outward (badge, content scripts) listen here.
   */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  signIn(session: string, user: SessionUser | null): void {
    this.sessionId.set(session);
    this.userSignal.set(user);
    this.changed();
  }

  setUser(user: SessionUser): void {
    this.userSignal.set(user);
    this.changed();
  }

  setDevices(devices: Device[]): void {
    this.devicesSignal.set(devices);
    this.changed();
  }

  /** Forgets the session; the problem (if any) says why, for the popup. */
  signOut(problem: MessageError | null): void {
    this.sessionId.set(null);
    this.userSignal.set(null);
    this.devicesSignal.set([]);
    this.lastDialSignal.set(null);
    this.callSignal.set(null);
    this.callJustEndedSignal.set(false);
    this.problemSignal.set(problem);
    this.changed();
  }

  /** The user's own settings (stored); `settings` applies the organisation's policy over them. */
  setSettings(settings: Settings): void {
    this.userSettingsSignal.set(settings);
    this.changed();
  }

  setManaged(policy: ManagedPolicy): void {
    this.managedSignal.set(policy);
    this.changed();
  }

  dialStarted(): void {
    this.dialsInFlight.update((count) => count + 1);
    // A new dial replaces the last call's outcome.
    this.callSignal.set(null);
    this.callJustEndedSignal.set(false);
    this.changed();
  }

  dialFinished(outcome: DialOutcome): void {
    this.dialsInFlight.update((count) => count - 1);
    this.lastDialSignal.set(outcome);
    this.problemSignal.set(outcome.error ?? null);
    this.changed();
  }

  setCall(call: CallProgress | null, justEnded = false): void {
    this.callSignal.set(call);
    this.callJustEndedSignal.set(justEnded);
    this.changed();
  }

  setPolicyNotice(notice: PolicyNotice | null): void {
    this.policyNoticeSignal.set(notice);
    this.changed();
  }

  setPolicyUrl(url: string): void {
    this.policyUrlSignal.set(url);
    this.changed();
  }

  setProblem(problem: MessageError | null): void {
    this.problemSignal.set(problem);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
