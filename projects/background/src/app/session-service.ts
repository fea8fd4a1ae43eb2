/** The session: sign-in, sign-out, the start-up and popup checks with the Worker, and expiry. */
import { inject, Injectable } from '@angular/core';
import {
  err,
  ok,
  type Device,
  type FirstLegWarning,
  type MessageError,
  type OrgRules,
  type Result,
  type SignInRequest,
} from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { LocalStorage } from './local-storage';
import { WorkerClient } from './worker-client';

export const SESSION_EXPIRED: MessageError = {
  code: 'session_expired',
  message: 'Your session expired, sign in again.',
};

export const NOT_SIGNED_IN: MessageError = { code: 'unauthorized', message: 'Sign in to place calls.' };

@Injectable()
export class SessionService {
  private readonly store = inject(ExtensionStore);
  private readonly local = inject(LocalStorage);
  private readonly worker = inject(WorkerClient);

  /** Start-up: a stored session counts as signed in until the Worker says otherwise, so the badge is right at once. */
  async restore(): Promise<void> {
    const session = await this.local.session();
    if (session) this.store.signIn(session, null);
  }

  /** Asks the Worker whether the session is still alive and who it belongs to; answers the problem it found, if any. */
  async check(): Promise<MessageError | null> {
    const session = this.store.session();
    if (!session) return null;
    const result = await this.worker.sessionStatus(session);
    if (this.store.session() !== session) return null; // signed out or in again meanwhile
    if (result.ok) {
      this.store.setUser(result.data.user);
      return null;
    }
    if (!(await this.expireOn(session, result))) this.store.setProblem(result.error);
    return this.store.problem();
  }

  async signIn(request: SignInRequest): Promise<Result<null, MessageError>> {
    const result = await this.worker.signIn(request);
    if (!result.ok) return result;
    await this.local.setSession(result.data.session);
    this.store.signIn(result.data.session, result.data.user);
    return ok(null);
  }

  /** Clears the local session first (the user's choice takes effect even offline), then ends it on the server. */
  async signOut(): Promise<void> {
    const session = this.store.session();
    await this.local.clearSession();
    this.store.signOut(null);
    // Best effort: when the Worker cannot be reached the server session still expires on its own (30 days).
    if (session) await this.worker.signOut(session);
  }

  /** The signed-in user's phones, for the popup's "ring first" choice. */
  async devices(): Promise<Result<Device[], MessageError>> {
    return this.ask(async (session) => {
      const result = await this.worker.devices(session);
      if (result.ok && this.store.session() === session) this.store.setDevices(result.data);
      return result;
    });
  }

  /** Will the phone chosen to ring first (the settings' origination device, or all) ring? Read now, kept nowhere. */
  firstLeg(): Promise<Result<FirstLegWarning[], MessageError>> {
    return this.ask((session) => this.worker.firstLeg(session, this.store.settings().originationDeviceId));
  }

  /** The organisation's destination rules, for the popup's settings (read-only). */
  orgRules(): Promise<Result<OrgRules, MessageError>> {
    return this.ask((session) => this.worker.orgRules(session));
  }

  /** Asks the Worker something with the session, if there is one, and forgets the session if the answer says it is gone. */
  private async ask<T>(request: (session: string) => Promise<Result<T, MessageError>>): Promise<Result<T, MessageError>> {
    const session = this.store.session();
    if (!session) return err(NOT_SIGNED_IN);
    const result = await request(session);
    await this.expireOn(session, result);
    return result;
  }

  /**
   * When a Worker answer says the session it was asked with is gone: forget it and tell the popup. Returns whether the
   * answer said so. An answer about a session already forgotten changes nothing: several requests in flight all learn
   * of one expiry, and the first has told the popup (a second would raise the problem again after it was shown); and
   * a late answer about an old session must not sign out the user's new one. The store forgets first, in the same
   * turn as the check, so no second answer passes the check while storage is being cleared.
   */
  async expireOn(session: string, result: Result<unknown, MessageError>): Promise<boolean> {
    if (result.ok || (result.error.code !== 'session_expired' && result.error.code !== 'unauthorized')) return false;
    if (this.store.session() !== session) return true;
    this.store.signOut(SESSION_EXPIRED);
    await this.local.clearSession();
    return true;
  }
}
