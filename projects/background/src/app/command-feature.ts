/** The `dial-selection` keyboard shortcut: asks the active tab's focused frame for the number in its selection. */
import { inject, Injectable } from '@angular/core';
import { MessageType, SelectedNumberReplySchema } from '@voipcom/shared';
import { DialService } from './dial-service';
import { DIAL_SELECTION } from './dial-selection';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NO_NUMBER } from './selection-problems';

@Injectable()
export class CommandFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly dialer = inject(DialService);

  init(ready: Promise<void>): void {
    this.chrome.commands.onCommand.addListener((command, tab) => {
      if (command === DIAL_SELECTION) void ready.then(() => this.dialSelection(tab?.id));
    });
  }

  /**
   * Without the scripting permission the background cannot read the page; the content script answers with the
   * number only (never the text). The message reaches every frame, but only the focused frame answers, and only
   * for a visible selection (content selected-number.ts), so a hidden frame's selection is never dialled.
   * tabs.query for the active tab needs no "tabs" permission.
   */
  private async dialSelection(tabId: number | undefined): Promise<void> {
    const id = tabId ?? (await this.chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    const reply: unknown =
      id === undefined
        ? null
        : await this.chrome.tabs.sendMessage(id, { type: MessageType.GetSelectedNumber }).catch(() => null);
    const parsed = SelectedNumberReplySchema.safeParse(reply);
    if (parsed.success) await this.dialer.dial(parsed.data.number);
    else this.store.setProblem(NO_NUMBER);
  }
}
