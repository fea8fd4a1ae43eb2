/**
 * The state the popup shows: at once from what the background knows (`current`, no network), then re-checked with
 * the Worker (`refreshed`), with earlier problems delivered once. What the background knows is also mirrored to
 * chrome.storage.session (POPUP_STATE_KEY) for the popup to draw before this service worker has even woken.
 */
import { inject, Injectable } from '@angular/core';
import { DeviceSchema, POPUP_STATE_KEY, SessionUserSchema, type ExtensionState, type MessageError } from '@voipcom/shared';
import * as z from 'zod/mini';
import { CHROME } from '../../../extension/chrome/chrome';
import { ExtensionStore } from './extension-store';
import { PolicyService } from './policy-service';
import { react } from './reaction';
import { SessionService } from './session-service';

/** Conditions the fresh check finds again by itself; every other problem is a notice shown once. */
const CONDITIONS: ReadonlySet<MessageError['code']> = new Set(['offline', 'worker_unreachable']);
/** What a restarted service worker takes back from the mirror: who is signed in, and their phones. */
const KnownAccountSchema = z.object({ user: SessionUserSchema, devices: z.array(DeviceSchema) });

@Injectable()
export class PopupStateService {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly session = inject(SessionService);
  private readonly policy = inject(PolicyService);

  /** Start-up, once the session is restored: takes back the account a stopped worker knew, then mirrors every change. */
  async init(): Promise<void> {
    const known = KnownAccountSchema.safeParse((await this.chrome.storage.session.get(POPUP_STATE_KEY))[POPUP_STATE_KEY]);
    if (known.success && this.store.signedIn() && this.store.state().user === null) {
      this.store.setUser(known.data.user);
      this.store.setDevices(known.data.devices);
    }
    // One write per burst of changes (react runs once for them); the problem stays out (it is delivered once, by message).
    react(() => void this.chrome.storage.session.set({ [POPUP_STATE_KEY]: { ...this.store.state(), problem: null } }));
  }

  /** Now, without the Worker: a notice is delivered once; a condition (offline, unreachable) waits for `refreshed`. */
  current(): ExtensionState {
    const state = this.store.state();
    if (state.problem === null) return state;
    if (CONDITIONS.has(state.problem.code)) return { ...state, problem: null };
    this.store.setProblem(null); // delivered now
    return state;
  }

  /** After asking the Worker about the session and the policy; their problem, if any, is delivered now. */
  async refreshed(): Promise<ExtensionState> {
    const earlier = this.store.problem();
    this.store.setProblem(null);
    const [found] = await Promise.all([this.session.check(), this.policy.refresh()]);
    const state = this.store.state();
    const notice = earlier && !CONDITIONS.has(earlier.code) ? earlier : null;
    // Delivered here: the check's own problem, or why no user is signed in now (whichever request found it). Any
    // other set meanwhile (a dial that failed while the check waited for the Worker) stays for the next popup: this
    // one may have closed already.
    const own = found ?? (state.user ? null : state.problem);
    if (own && own === state.problem && !CONDITIONS.has(own.code)) this.store.setProblem(null);
    return { ...state, problem: own ?? notice };
  }
}
