/** Talks to the background service worker: the popup's only way to the Worker (it never holds a token). */
import { inject, Injectable } from '@angular/core';
import {
  AckReplySchema,
  CallReplySchema,
  DevicesReplySchema,
  DialReplySchema,
  MessageType,
  PendingDialReplySchema,
  StateReplySchema,
  type CallProgress,
  type Device,
  type DialOutcome,
  type ExtensionState,
  type MessageError,
  type PendingDial,
  type RuntimeMessage,
  type Settings,
} from '@voipcom/shared';
import type * as z from 'zod/mini';
import { CHROME } from './chrome';

export type Reply<T> = { ok: true; data: T } | { ok: false; error: MessageError };

const NO_BACKGROUND: MessageError = {
  code: 'internal_error',
  message: 'The extension did not answer. Close this window and open it again.',
  detail: 'no_background',
};

@Injectable({ providedIn: 'root' })
export class BackgroundClient {
  private readonly runtime = inject(CHROME).runtime;

  state(): Promise<Reply<ExtensionState>> {
    return this.send({ type: MessageType.GetState }, StateReplySchema);
  }

  signIn(username: string, password: string, passcode?: string): Promise<Reply<ExtensionState>> {
    const message: RuntimeMessage = { type: MessageType.SignIn, username, password, ...(passcode ? { passcode } : {}) };
    return this.send(message, StateReplySchema);
  }

  signOut(): Promise<Reply<ExtensionState>> {
    return this.send({ type: MessageType.SignOut }, StateReplySchema);
  }

  devices(): Promise<Reply<Device[]>> {
    return this.send({ type: MessageType.ListDevices }, DevicesReplySchema);
  }

  dial(destination: string): Promise<Reply<DialOutcome>> {
    return this.send({ type: MessageType.Dial, destination, source: 'popup' }, DialReplySchema);
  }

  /** The call the background follows (no Worker request). */
  call(): Promise<Reply<CallProgress | null>> {
    return this.send({ type: MessageType.GetCall }, CallReplySchema);
  }

  /** Cancels the ringing call or hangs up the connected one. */
  endCall(): Promise<Reply<CallProgress | null>> {
    return this.send({ type: MessageType.EndCall }, CallReplySchema);
  }

  /** The number the confirmation window asks about. */
  pendingDial(token: string): Promise<Reply<PendingDial>> {
    return this.send({ type: MessageType.GetPendingDial, token }, PendingDialReplySchema);
  }

  confirmDial(token: string): Promise<Reply<DialOutcome>> {
    return this.send({ type: MessageType.ConfirmDial, token }, DialReplySchema);
  }

  cancelDial(token: string): Promise<Reply<null>> {
    return this.send({ type: MessageType.CancelDial, token }, AckReplySchema);
  }

  updateSettings(settings: Partial<Settings>): Promise<Reply<ExtensionState>> {
    return this.send({ type: MessageType.UpdateSettings, settings }, StateReplySchema);
  }

  dismissPolicyNotice(effective: string): Promise<Reply<ExtensionState>> {
    return this.send({ type: MessageType.DismissPolicyNotice, effective }, StateReplySchema);
  }

  private async send<T>(message: RuntimeMessage, schema: z.ZodMiniType<Reply<T>>): Promise<Reply<T>> {
    try {
      const parsed = schema.safeParse(await this.runtime.sendMessage(message));
      return parsed.success ? parsed.data : { ok: false, error: NO_BACKGROUND };
    } catch {
      return { ok: false, error: NO_BACKGROUND };
    }
  }
}
