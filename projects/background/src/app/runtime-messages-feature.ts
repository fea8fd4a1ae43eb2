/** The one runtime.onMessage listener: validates every message and its sender, then hands it to a feature. */
import { inject, Injectable } from '@angular/core';
import { err, MessageType, ok, RuntimeMessageSchema, type MessageError, type Result, type RuntimeMessage } from '@voipcom/shared';
import { CallFeature } from './call-feature';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { DialService } from './dial-service';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { PolicyService } from './policy-service';
import { PopupStateService } from './popup-state-service';
import { senderMayAsk } from './sender-policy';
import { SessionService } from './session-service';
import { SettingsService } from './settings-service';
import { topLevelSite } from './tab-site';

// The messages are for logs only: the popup and the window show their own text for each code (problem-text.ts).
const INVALID: MessageError = { code: 'invalid_request', message: 'Unknown message' };
const FORBIDDEN: MessageError = { code: 'forbidden_sender', message: 'Sender refused' };
const FAILED: MessageError = { code: 'internal_error', message: 'Handler failed' };

@Injectable()
export class RuntimeMessagesFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly session = inject(SessionService);
  private readonly dialer = inject(DialService);
  private readonly confirmation = inject(DialConfirmationFeature);
  private readonly contextMenu = inject(ContextMenuFeature);
  private readonly calls = inject(CallFeature);
  private readonly settings = inject(SettingsService);
  private readonly policy = inject(PolicyService);
  private readonly popupState = inject(PopupStateService);

  init(ready: Promise<void>): void {
    this.chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      // A handler that fails (a storage error, a window Chrome refused) still answers: the asker never waits forever.
      void this.handle(message, sender, ready).catch(() => err(FAILED)).then(sendResponse);
      return true; // answers asynchronously
    });
  }

  async handle(raw: unknown, sender: chrome.runtime.MessageSender, ready: Promise<void>): Promise<Result<unknown, MessageError>> {
    const parsed = RuntimeMessageSchema.safeParse(raw);
    if (!parsed.success) return err(INVALID);
    if (!senderMayAsk(parsed.data, sender, this.chrome.runtime.id, this.chrome.runtime.getURL(''))) {
      return err(FORBIDDEN);
    }
    await ready;
    return this.dispatch(parsed.data, sender);
  }

  /** `sender` passed the sender check; its `tab` is the content script's tab (sender-policy.ts). */
  private async dispatch(message: RuntimeMessage, sender: chrome.runtime.MessageSender): Promise<Result<unknown, MessageError>> {
    switch (message.type) {
      case MessageType.GetState:
        return ok(this.popupState.current());
      case MessageType.RefreshState:
        return ok(await this.popupState.refreshed());
      case MessageType.SignIn: {
        const { username, password, passcode } = message;
        const result = await this.session.signIn({ username, password, ...(passcode ? { passcode } : {}) });
        return result.ok ? this.state() : result;
      }
      case MessageType.SignOut:
        await this.session.signOut();
        return this.state();
      case MessageType.ListDevices:
        return this.session.devices();
      case MessageType.Dial:
        return this.dialer.dial(message.destination, message.extension);
      case MessageType.AskToDial:
        // The frame's own origin comes from Chrome (sender-policy.ts), so an ad frame's ask is shown as the ad's.
        return this.confirmation.ask(message.number, message.source, sender.tab, sender.origin ?? sender.url, message.extension);
      case MessageType.GetPendingDial:
        return this.confirmation.pending(message.token);
      case MessageType.DescribePendingDial:
        return this.confirmation.describe(message.token);
      case MessageType.ConfirmDial:
        return this.confirmation.confirm(message.token);
      case MessageType.CancelDial:
        return this.confirmation.cancel(message.token);
      case MessageType.GetFirstLeg:
        return this.session.firstLeg();
      case MessageType.GetOrgRules:
        return this.session.orgRules();
      case MessageType.GetCall:
        return ok(this.store.call());
      case MessageType.EndCall:
        return this.calls.end();
      case MessageType.ReportSelection:
        await this.contextMenu.show(message.number);
        return ok(null);
      case MessageType.UpdateSettings:
        await this.settings.update(message.settings);
        return this.state();
      case MessageType.DismissPolicyNotice:
        await this.policy.dismiss(message.effective);
        return this.state();
      case MessageType.GetPageSettings:
        return ok(this.settings.pageSettings(topLevelSite(sender.tab?.url)));
    }
  }

  private state(): Result<unknown, MessageError> {
    return ok(this.store.state());
  }
}
