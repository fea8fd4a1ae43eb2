/** Wires the background features together: listeners first (synchronously), then the start-up from storage. */
import { inject, Injectable } from '@angular/core';
import { BadgeFeature } from './badge-feature';
import { CallFeature } from './call-feature';
import { CommandFeature } from './command-feature';
import { ContentBroadcastFeature } from './content-broadcast-feature';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { ManagedPolicyFeature } from './managed-policy-feature';
import { RuntimeMessagesFeature } from './runtime-messages-feature';
import { CHROME } from '../../../extension/chrome/chrome';
import { PolicyService } from './policy-service';
import { PopupStateService } from './popup-state-service';
import { SessionService } from './session-service';
import { SettingsService } from './settings-service';

@Injectable()
export class BackgroundApp {
  private readonly chrome = inject(CHROME);
  private readonly badge = inject(BadgeFeature);
  private readonly router = inject(RuntimeMessagesFeature);
  private readonly contextMenu = inject(ContextMenuFeature);
  private readonly commands = inject(CommandFeature);
  private readonly confirmation = inject(DialConfirmationFeature);
  private readonly calls = inject(CallFeature);
  private readonly broadcast = inject(ContentBroadcastFeature);
  private readonly session = inject(SessionService);
  private readonly settings = inject(SettingsService);
  private readonly managedPolicy = inject(ManagedPolicyFeature);
  private readonly policy = inject(PolicyService);
  private readonly popupState = inject(PopupStateService);

  /**
   * `ready`: settings, the organisation's policy and the stored session are loaded (messages wait for it). `checked`: the start-up checks
   * with the Worker (session, policy) are done as well.
   */
  init(): { ready: Promise<void>; checked: Promise<void> } {
    // The session id lives in storage.local, which content scripts may read by default; they get what they need
    // by message instead (GetPageSettings), so a renderer running a page cannot read the session id.
    const restricted = this.chrome.storage.local
      .setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })
      .catch(() => console.warn('storage.local stays readable by content scripts: setAccessLevel failed'));
    const ready = restricted.then(() => this.start());
    const checked = ready.then(() => this.check());
    // MV3 only wakes the service worker for events whose listeners were added in its first turn.
    this.router.init(ready);
    this.contextMenu.init(ready);
    this.commands.init(ready);
    this.confirmation.init();
    this.calls.init();
    this.managedPolicy.init();
    // A listener makes Chrome start the worker with the browser, so the badge is right after a browser restart.
    this.chrome.runtime.onStartup.addListener(() => undefined);
    return { ready, checked };
  }

  private async start(): Promise<void> {
    await Promise.all([this.settings.load(), this.managedPolicy.load()]);
    await this.session.restore();
    await this.calls.restore();
    await this.popupState.init();
    this.badge.init();
    this.broadcast.init();
  }

  private async check(): Promise<void> {
    await Promise.all([this.session.check(), this.policy.refresh()]);
  }
}
