/** Tells open tabs' content scripts when their page settings changed (sign-in, sign-out, settings, the organisation's policy). */
import { inject, Injectable } from '@angular/core';
import { MessageType } from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { react } from './reaction';
import { CHROME } from '../../../extension/chrome/chrome';
import { SettingsService } from './settings-service';
import { topLevelSite } from './tab-site';

@Injectable()
export class ContentBroadcastFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly settings = inject(SettingsService);
  /** Call after start-up has loaded the state, so the start-up itself does not message every tab. */
  init(): void {
    let first = true;
    react(() => {
      // Everything page settings depend on: a change of one is what content scripts need to hear about.
      this.store.signedIn();
      this.store.settings();
      this.store.managed();
      if (!first) void this.broadcast();
      first = false;
    });
  }

  async broadcast(): Promise<void> {
    const tabs = await this.chrome.tabs.query({});
    await Promise.all(
      tabs.map(async (tab) => {
        if (tab.id === undefined) return;
        // Every frame of the tab hears the settings of the tab's top-level site.
        const message = { type: MessageType.PageSettingsChanged, settings: this.settings.pageSettings(topLevelSite(tab.url)) };
        // Tabs without our content script (chrome:// pages, the Web Store, tabs loaded before install) reject.
        await this.chrome.tabs.sendMessage(tab.id, message).catch(() => undefined);
      }),
    );
  }
}
