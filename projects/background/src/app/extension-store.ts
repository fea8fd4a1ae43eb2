/** The background's state as signals: one place that every feature reads and changes; readers learn of changes by `react` (reaction.ts). */
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
  /** A call that ended or failed a moment ago: the badge says so for a while. */
  private readonly endedCallSignal = signal<CallProgress | null>(null);
  private readonly devicesSignal = signal<Device[]>([]);

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
  readonly endedCall = this.endedCallSignal.asReadonly();

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

  signIn(session: string, user: SessionUser | null): void {
    this.sessionId.set(session);
    this.userSignal.set(user);
  }

  setUser(user: SessionUser): void {
    this.userSignal.set(user);
  }

  setDevices(devices: Device[]): void {
    this.devicesSignal.set(devices);
  }

  /** Forgets the session; the problem (if any) says why, for the popup. The call's owner (CallFeature) forgets the call. */
  signOut(problem: MessageError | null): void {
    this.sessionId.set(null);
    this.userSignal.set(null);
    this.devicesSignal.set([]);
    this.problemSignal.set(problem);
  }

  /** The user's own settings (stored); `settings` applies the organisation's policy over them. */
  setSettings(settings: Settings): void {
    this.userSettingsSignal.set(settings);
  }

  setManaged(policy: ManagedPolicy): void {
    this.managedSignal.set(policy);
  }

  setPolicyNotice(notice: PolicyNotice | null): void {
    this.policyNoticeSignal.set(notice);
  }

  setPolicyUrl(url: string): void {
    this.policyUrlSignal.set(url);
  }

  setProblem(problem: MessageError | null): void {
    this.problemSignal.set(problem);
  }

  // The call's life: written by its one owner, CallFeature, only.

  dialStarted(): void {
    this.dialsInFlight.update((count) => count + 1);
    // A new dial replaces the last call's outcome.
    this.callSignal.set(null);
    this.endedCallSignal.set(null);
  }

  dialFinished(outcome: DialOutcome): void {
    this.dialsInFlight.update((count) => count - 1);
    this.lastDialSignal.set(outcome);
    this.problemSignal.set(outcome.error ?? null);
  }

  setCall(call: CallProgress | null): void {
    this.callSignal.set(call);
  }

  /** The call whose end the badge shows for a while; null once that while is over. */
  setEndedCall(call: CallProgress | null): void {
    this.endedCallSignal.set(call);
  }

  /** Nothing of the last dial or call stays (sign-out). */
  forgetCall(): void {
    this.lastDialSignal.set(null);
    this.callSignal.set(null);
    this.endedCallSignal.set(null);
  }
}
