/** The right-click "Dial “…”" item on selected text. */
import { inject, Injectable } from '@angular/core';
import { CHROME } from './platform';
import { SelectionDialer } from './selection-dialer';

export const DIAL_SELECTION_MENU_ID = 'dial-selection';

@Injectable()
export class ContextMenuFeature {
  private readonly chrome = inject(CHROME);
  private readonly selection = inject(SelectionDialer);

  /** Listeners are registered synchronously at start-up so a click can wake the service worker. */
  init(ready: Promise<void>): void {
    // Menu items survive restarts of the service worker and of the browser: create them once per install/update.
    this.chrome.runtime.onInstalled.addListener(() => void this.create());
    this.chrome.contextMenus.onClicked.addListener((info) => {
      switch (info.menuItemId) {
        case DIAL_SELECTION_MENU_ID:
          void ready.then(() => this.selection.dialText(info.selectionText ?? ''));
          break;
      }
    });
  }

  private async create(): Promise<void> {
    await this.chrome.contextMenus.removeAll();
    this.chrome.contextMenus.create({ id: DIAL_SELECTION_MENU_ID, title: 'Dial “%s”', contexts: ['selection'] });
  }
}
