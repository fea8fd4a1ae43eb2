/**
 * The `dial-selection` keyboard shortcut: asks the active tab's focused frame for the number in its selection and
 * opens the confirmation window for it, which shows the number as it will be dialled.
 */
import { inject, Injectable } from '@angular/core';
import { MessageType, SelectedNumberReplySchema } from '@voipcom/shared';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { DIAL_SELECTION } from './dial-selection';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NO_NUMBER } from './selection-problems';

@Injectable()
export class CommandFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly confirmation = inject(DialConfirmationFeature);

  init(ready: Promise<void>): void {
    this.chrome.commands.onCommand.addListener((command, tab) => {
      if (command === DIAL_SELECTION) void ready.then(() => this.askSelection(tab));
    });
  }

  /**
   * Without the scripting permission the background cannot read the page; the content script answers with the
   * number only (never the text). The message reaches every frame, but only the focused frame answers, and only
   * for a visible selection (content selected-number.ts), so a hidden frame's selection is never taken; and
   * whatever a page does to the selection, the window shows the number that would be dialled.
   * tabs.query for the active tab needs no "tabs" permission.
   */
  private async askSelection(shortcutTab: chrome.tabs.Tab | undefined): Promise<void> {
    const tab = shortcutTab ?? (await this.chrome.tabs.query({ active: true, currentWindow: true }))[0];
    const reply: unknown =
      tab?.id === undefined ? null : await this.chrome.tabs.sendMessage(tab.id, { type: MessageType.GetSelectedNumber }).catch(() => null);
    const parsed = SelectedNumberReplySchema.safeParse(reply);
    if (!parsed.success) return this.store.setProblem(NO_NUMBER);
    const asked = await this.confirmation.ask(parsed.data.number, 'shortcut', tab, undefined, parsed.data.extension);
    if (!asked.ok) this.store.setProblem(asked.error);
  }
}
