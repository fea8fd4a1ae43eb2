/** The one runtime.onMessage listener: validates every message and its sender, then hands it to a feature. */
import { inject, Injectable } from '@angular/core';
import { MessageType, RuntimeMessageSchema, type MessageError, type RuntimeMessage } from '@voipcom/shared';
import { CallFeature } from './call-feature';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation';
import { DialFeature } from './dial-feature';
import { ExtensionStore } from './extension-store';
import { CHROME } from './platform';
import { PolicyFeature } from './policy-feature';
import { PopupState } from './popup-state';
import { senderMayAsk } from './sender-policy';
import { NOT_SIGNED_IN, SessionFeature } from './session-feature';
import { SettingsFeature } from './settings-feature';
import { topLevelSite } from './tab-site';
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
  private readonly confirmation = inject(DialConfirmationFeature);
  private readonly contextMenu = inject(ContextMenuFeature);
  private readonly calls = inject(CallFeature);
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
    return this.dispatch(parsed.data, sender);
  }

  /** `sender` passed the sender check; its `tab` is the content script's tab (sender-policy.ts). */
  private async dispatch(message: RuntimeMessage, sender: chrome.runtime.MessageSender): Promise<Reply> {
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
      case MessageType.AskToDial:
        return this.confirmation.ask(message.number, message.source, sender.tab);
      case MessageType.GetPendingDial:
        return this.confirmation.pending(message.token);
      case MessageType.ConfirmDial:
        return this.confirmation.confirm(message.token);
      case MessageType.CancelDial:
        return this.confirmation.cancel(message.token);
      case MessageType.GetCall:
        return { ok: true, data: this.store.call() };
      case MessageType.EndCall:
        return this.calls.end();
      case MessageType.ReportSelection:
        await this.contextMenu.show(message.number);
        return { ok: true, data: null };
      case MessageType.UpdateSettings:
        await this.settings.update(message.settings);
        return this.state();
      case MessageType.DismissPolicyNotice:
        await this.policy.dismiss(message.effective);
        return this.state();
      case MessageType.GetContentConfig:
        return { ok: true, data: this.settings.contentConfig(topLevelSite(sender.tab?.url)) };
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
