/** The one runtime.onMessage listener: validates every message and its sender, then hands it to its handler. */
import { inject, Injectable } from '@angular/core';
import {
  err,
  MessageType,
  ok,
  RuntimeMessageSchema,
  type AnsweredMessageType,
  type MessageError,
  type MessageOf,
  type ReplyTo,
} from '@voipcom/shared';
import { CallFeature } from './call-feature';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { PolicyService } from './policy-service';
import { PopupStateService } from './popup-state-service';
import { trustedSender, type TrustedSender } from './sender-policy';
import { SessionService } from './session-service';
import { SettingsService } from './settings-service';

// The messages are for logs only: the popup and the window show their own text for each code (problem-text.ts).
const INVALID: MessageError = { code: 'invalid_request', message: 'Unknown message' };
const FORBIDDEN: MessageError = { code: 'forbidden_sender', message: 'Sender refused' };
const FAILED: MessageError = { code: 'internal_error', message: 'Handler failed' };

/** Answers one message of type K from an accepted sender (what sender-policy.ts trusts of it). */
type Handler<K extends AnsweredMessageType> = (message: MessageOf<K>, from: TrustedSender) => ReplyTo<K> | Promise<ReplyTo<K>>;

@Injectable()
export class RuntimeMessagesFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly session = inject(SessionService);
  private readonly confirmation = inject(DialConfirmationFeature);
  private readonly contextMenu = inject(ContextMenuFeature);
  private readonly calls = inject(CallFeature);
  private readonly settings = inject(SettingsService);
  private readonly policy = inject(PolicyService);
  private readonly popupState = inject(PopupStateService);

  /** One handler per message MESSAGES declares, each held to that message's reply type. */
  private readonly handlers: { [K in AnsweredMessageType]: Handler<K> } = {
    [MessageType.GetState]: () => ok(this.popupState.current()),
    [MessageType.RefreshState]: async () => ok(await this.popupState.refreshed()),
    [MessageType.SignIn]: async ({ username, password, passcode }) => {
      const result = await this.session.signIn({ username, password, ...(passcode ? { passcode } : {}) });
      return result.ok ? this.state() : result;
    },
    [MessageType.SignOut]: async () => {
      await this.session.signOut();
      return this.state();
    },
    [MessageType.ListDevices]: () => this.session.devices(),
    [MessageType.Dial]: ({ destination, extension }) => this.calls.dial(destination, extension),
    [MessageType.AskToDial]: ({ number, source, extension }, from) =>
      this.confirmation.ask(number, source, from.tab, from.frame, extension),
    [MessageType.GetPendingDial]: ({ token }) => this.confirmation.pending(token),
    [MessageType.DescribePendingDial]: ({ token }) => this.confirmation.describe(token),
    [MessageType.ConfirmDial]: ({ token }) => this.confirmation.confirm(token),
    [MessageType.CancelDial]: ({ token }) => this.confirmation.cancel(token),
    [MessageType.ReportSelection]: async ({ number }) => {
      await this.contextMenu.show(number);
      return ok(null);
    },
    [MessageType.GetFirstLeg]: () => this.session.firstLeg(),
    [MessageType.GetOrgRules]: () => this.session.orgRules(),
    [MessageType.GetCall]: () => ok(this.store.call()),
    [MessageType.EndCall]: () => this.calls.hangUp(),
    [MessageType.UpdateSettings]: async ({ settings }) => {
      await this.settings.update(settings);
      return this.state();
    },
    [MessageType.DismissPolicyNotice]: async ({ effective }) => {
      await this.policy.dismiss(effective);
      return this.state();
    },
    [MessageType.GetPageSettings]: (_message, from) => ok(this.settings.pageSettings(from.site)),
  };

  init(ready: Promise<void>): void {
    this.chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      // A handler that fails (a storage error, a window Chrome refused) still answers: the asker never waits forever.
      void this.handle(message, sender, ready)
        .catch(() => err(FAILED))
        .then(sendResponse);
      return true; // answers asynchronously
    });
  }

  async handle(raw: unknown, sender: chrome.runtime.MessageSender, ready: Promise<void>): Promise<ReplyTo<AnsweredMessageType>> {
    const parsed = RuntimeMessageSchema.safeParse(raw);
    if (!parsed.success) return err(INVALID);
    const from = trustedSender(parsed.data, sender, this.chrome.runtime.id, this.chrome.runtime.getURL(''));
    if (!from) return err(FORBIDDEN);
    await ready;
    // TypeScript cannot tie the table's key to the message's type; the table's own type checks each handler.
    return (this.handlers[parsed.data.type] as Handler<AnsweredMessageType>)(parsed.data, from);
  }

  private state(): ReplyTo<typeof MessageType.GetState> {
    return ok(this.store.state());
  }
}
