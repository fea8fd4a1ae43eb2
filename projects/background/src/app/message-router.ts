/** The one runtime.onMessage listener: validates every message and its sender, then hands it to a feature. */
import { inject, Injectable } from '@angular/core';
import { MessageType, RuntimeMessageSchema, type MessageError, type RuntimeMessage } from '@voipcom/shared';
import { DialFeature } from './dial-feature';
import { ExtensionStore } from './extension-store';
import { CHROME } from './platform';
import { PolicyFeature } from './policy-feature';
import { PopupState } from './popup-state';
import { senderMayAsk } from './sender-policy';
import { NOT_SIGNED_IN, SessionFeature } from './session-feature';
import { SettingsFeature } from './settings-feature';
import { WorkerClient } from './worker-client';

export type Reply = { ok: true; data: unknown } | { ok: false; error: MessageError };

const INVALID: MessageError = { code: 'invalid_request', message: 'The extension sent a message it does not know.' };
const FORBIDDEN: MessageError = { code: 'forbidden_sender', message: 'This page may not ask for that.' };

@Injectable()
export class MessageRouter {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly session = inject(SessionFeature);
  private readonly dialer = inject(DialFeature);
  private readonly settings = inject(SettingsFeature);
  private readonly policy = inject(PolicyFeature);
  private readonly popupState = inject(PopupState);
  private readonly worker = inject(WorkerClient);

  init(ready: Promise<void>): void {
    this.chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      void this.handle(message, sender, ready).then(sendResponse);
      return true; // answers asynchronously
    });
  }

  async handle(raw: unknown, sender: chrome.runtime.MessageSender, ready: Promise<void>): Promise<Reply> {
    const parsed = RuntimeMessageSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: INVALID };
    if (!senderMayAsk(parsed.data, sender, this.chrome.runtime.id, this.chrome.runtime.getURL(''))) {
      return { ok: false, error: FORBIDDEN };
    }
    await ready;
    return this.dispatch(parsed.data);
  }

  private async dispatch(message: RuntimeMessage): Promise<Reply> {
    switch (message.type) {
      case MessageType.GetState:
        return { ok: true, data: await this.popupState.current() };
      case MessageType.SignIn: {
        const { username, password, passcode } = message;
        const result = await this.session.signIn({ username, password, ...(passcode ? { passcode } : {}) });
        return result.ok ? this.state() : result;
      }
      case MessageType.SignOut:
        await this.session.signOut();
        return this.state();
      case MessageType.ListDevices:
        return this.devices();
      case MessageType.Dial:
        return this.dialer.dial(message.destination);
      case MessageType.UpdateSettings:
        await this.settings.update(message.settings);
        return this.state();
      case MessageType.DismissPolicyNotice:
        await this.policy.dismiss(message.effective);
        return this.state();
      case MessageType.GetContentConfig:
        return { ok: true, data: this.settings.contentConfig(message.hostname) };
    }
  }

  private state(): Reply {
    return { ok: true, data: this.store.state() };
  }

  private async devices(): Promise<Reply> {
    const session = this.store.session();
    if (!session) return { ok: false, error: NOT_SIGNED_IN };
    const result = await this.worker.devices(session);
    await this.session.expireOn(result);
    return result;
  }
}
