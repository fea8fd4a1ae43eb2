/**
 * The right-click "Dial …" item on selected text: its title shows the focused frame's number; a click opens the
 * confirmation window for the number in the selection Chrome hands the click (never a frame's report).
 */
import { inject, Injectable } from '@angular/core';
import { findPhoneNumbers } from '@voipcom/shared';
import { useNumberingPlans } from '../../../shared/src/lib/phone/numbering-plan';
import { Catalogue } from '../../../extension/i18n/catalogue';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { DIAL_SELECTION } from './dial-selection';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NO_NUMBER, SITE_OFF } from './selection-problems';
import { SettingsService } from './settings-service';
import { topLevelSite } from './tab-site';

@Injectable()
export class ContextMenuFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly confirmation = inject(DialConfirmationFeature);
  private readonly settings = inject(SettingsService);
  private readonly texts = inject(Catalogue);
  /** The number the item's title shows; null while it shows the selected text; undefined until the title is set. */
  private shownNumber: string | null | undefined = undefined;

  /** Listeners are registered synchronously at start-up so a click can wake the service worker. */
  init(ready: Promise<void>): void {
    // Menu items survive restarts of the service worker and of the browser: create them once per install/update.
    this.chrome.runtime.onInstalled.addListener(() => void this.create());
    this.chrome.contextMenus.onClicked.addListener((info, tab) => {
      switch (info.menuItemId) {
        case DIAL_SELECTION:
          void ready.then(() => this.ask(info.selectionText ?? '', tab, info.frameUrl));
          break;
      }
    });
    // A restarted service worker has forgotten which number the title shows: show the selection again.
    void ready.then(() => this.show(null));
  }

  /**
   * The focused frame's content script read this number in the user's selection: the item shows it. It only
   * decides the title; what the window asks about is read from the selection Chrome hands to the click (the frame
   * the menu was opened in), so a page that moves the selection can change the number only in plain sight.
   */
  async show(number: string | null): Promise<void> {
    // Frames report every settled selection: the menu is only updated when what it shows changes.
    if (number === this.shownNumber) return;
    this.shownNumber = number;
    await this.chrome.contextMenus.update(DIAL_SELECTION, { title: this.title(number) }).catch(() => undefined); // not created yet (first start before onInstalled): create() sets the default
  }

  /** Before a content script has read the selection (or where none runs): Chrome puts the selected text in %s. */
  private title(number: string | null): string {
    return number === null ? this.texts.text('menuDialSelection') : this.texts.text('menuDialNumber', number);
  }

  /** Where the organisation keeps the extension inactive (the tab's top-level site), the item does nothing. */
  private async ask(selectionText: string, tab: chrome.tabs.Tab | undefined, frameUrl: string | undefined): Promise<void> {
    if (this.settings.offByPolicy(topLevelSite(tab?.url))) return this.store.setProblem(SITE_OFF);
    const defaultCountry = this.store.settings().defaultCountry;
    // Read as the page would: with the default country's numbering plan (only that line, not the whole table).
    useNumberingPlans(this.settings.numberingPlanLine(defaultCountry));
    const [first] = findPhoneNumbers(selectionText, { defaultCountry });
    if (first === undefined) return this.store.setProblem(NO_NUMBER);
    const asked = await this.confirmation.ask(first.e164, 'context-menu', tab, frameUrl, first.extension);
    if (!asked.ok) this.store.setProblem(asked.error);
  }

  private async create(): Promise<void> {
    await this.chrome.contextMenus.removeAll();
    this.shownNumber = null;
    this.chrome.contextMenus.create({ id: DIAL_SELECTION, title: this.title(null), contexts: ['selection'] });
  }
}
