/**
 * Talks to the background service worker: the popup's only way to the Worker (it never holds a token).
 *
 * The popup imports no zod and no contract schema (they would double its bundle): values come from zod-free
 * modules of the shared library, types from `@voipcom/shared`. Replies are not re-validated: only the extension's
 * own service worker and pages can answer runtime.sendMessage (content scripts and other extensions cannot), and
 * the background validates everything it receives before it answers with contract types. What is checked is
 * that an answer came at all: a missing or shapeless one means the background did not answer.
 */
import { Injectable, InjectionToken, inject } from '@angular/core';
import type {
  AnsweredMessageType,
  CallProgress,
  Device,
  DialOutcome,
  ExtensionState,
  FirstLegWarning,
  MessageError,
  MessageOf,
  NumberDescription,
  OrgRules,
  PendingDial,
  ReplyTo,
  Result,
  Settings,
} from '@voipcom/shared';
import { MessageType, POPUP_STATE_KEY } from '../../../shared/src/lib/contract/message-type';
import { err } from '../../../shared/src/lib/result/result';
import { CHROME, type ExtensionChrome } from '../../../extension/chrome/chrome';

const NO_BACKGROUND: MessageError = {
  code: 'internal_error',
  message: 'The extension did not answer. Close this window and open it again.',
  detail: 'no_background',
};

/**
 * The state the background last mirrored to chrome.storage.session, read without waking it (null when none yet).
 * Trusted like a reply: storage.session is readable and writable by the extension's own contexts only.
 */
export async function readMirroredState(chrome: ExtensionChrome): Promise<ExtensionState | null> {
  const stored: Record<string, unknown> = await chrome.storage.session.get(POPUP_STATE_KEY).catch(() => ({}));
  return (stored[POPUP_STATE_KEY] as ExtensionState | undefined) ?? null;
}

/** The mirrored state as main.ts asked for it before Angular started, so the read and the start overlap. */
export const EARLY_MIRRORED_STATE = new InjectionToken<Promise<ExtensionState | null>>('early mirrored state');

@Injectable({ providedIn: 'root' })
export class BackgroundClient {
  private readonly chrome = inject(CHROME);
  private readonly runtime = this.chrome.runtime;
  private early = inject(EARLY_MIRRORED_STATE, { optional: true });

  /** The mirrored state (`readMirroredState`): the first time, the read main.ts started; afresh after. */
  knownState(): Promise<ExtensionState | null> {
    const early = this.early;
    this.early = null;
    return early ?? readMirroredState(this.chrome);
  }

  /** The state as the background knows it now (no Worker request). */
  state(): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.GetState });
  }

  /** The state after the background re-checked the session with the Worker. */
  refreshState(): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.RefreshState });
  }

  signIn(username: string, password: string, passcode?: string): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.SignIn, username, password, ...(passcode ? { passcode } : {}) });
  }

  signOut(): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.SignOut });
  }

  devices(): Promise<Result<Device[], MessageError>> {
    return this.send({ type: MessageType.ListDevices });
  }

  dial(destination: string, extension?: string): Promise<Result<DialOutcome, MessageError>> {
    return this.send({ type: MessageType.Dial, destination, source: 'popup', ...(extension && { extension }) });
  }

  /** Will the phone chosen to ring first (in the settings) ring? The Worker reads it now; warnings only. */
  firstLeg(): Promise<Result<FirstLegWarning[], MessageError>> {
    return this.send({ type: MessageType.GetFirstLeg });
  }

  /** The organisation's destination rules, read-only. */
  orgRules(): Promise<Result<OrgRules, MessageError>> {
    return this.send({ type: MessageType.GetOrgRules });
  }

  /** The call the background follows (no Worker request). */
  call(): Promise<Result<CallProgress | null, MessageError>> {
    return this.send({ type: MessageType.GetCall });
  }

  /** Cancels the ringing call or hangs up the connected one. */
  endCall(): Promise<Result<CallProgress | null, MessageError>> {
    return this.send({ type: MessageType.EndCall });
  }

  /** The number the confirmation window asks about. */
  pendingDial(token: string): Promise<Result<PendingDial, MessageError>> {
    return this.send({ type: MessageType.GetPendingDial, token });
  }

  /** The Worker's reading of the pending number (country, whether it would dial it); never a dial. */
  describePendingDial(token: string): Promise<Result<NumberDescription, MessageError>> {
    return this.send({ type: MessageType.DescribePendingDial, token });
  }

  confirmDial(token: string): Promise<Result<DialOutcome, MessageError>> {
    return this.send({ type: MessageType.ConfirmDial, token });
  }

  cancelDial(token: string): Promise<Result<null, MessageError>> {
    return this.send({ type: MessageType.CancelDial, token });
  }

  updateSettings(settings: Partial<Settings>): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.UpdateSettings, settings });
  }

  dismissPolicyNotice(effective: string): Promise<Result<ExtensionState, MessageError>> {
    return this.send({ type: MessageType.DismissPolicyNotice, effective });
  }

  /** Any message MESSAGES declares, with the reply it declares (contract/messages.ts). */
  private async send<K extends AnsweredMessageType>(message: MessageOf<K> & { type: K }): Promise<ReplyTo<K>> {
    try {
      const reply: unknown = await this.runtime.sendMessage(message);
      return isResult(reply) ? (reply as ReplyTo<K>) : err(NO_BACKGROUND);
    } catch {
      return err(NO_BACKGROUND);
    }
  }
}

function isResult(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && 'ok' in reply && typeof reply.ok === 'boolean';
}
