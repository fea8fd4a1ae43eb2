/** The `dial-selection` keyboard shortcut: asks the active tab's content script for the number in the selection. */
import { inject, Injectable } from '@angular/core';
import { MessageType, SelectedNumberReplySchema } from '@voipcom/shared';
import { DialFeature } from './dial-feature';
import { CHROME } from './platform';
import { SelectionDialer } from './selection-dialer';

export const DIAL_SELECTION_COMMAND = 'dial-selection';

@Injectable()
export class CommandFeature {
  private readonly chrome = inject(CHROME);
  private readonly dialer = inject(DialFeature);
  private readonly selection = inject(SelectionDialer);

  init(ready: Promise<void>): void {
    this.chrome.commands.onCommand.addListener((command, tab) => {
      if (command === DIAL_SELECTION_COMMAND) void ready.then(() => this.dialSelection(tab?.id));
    });
  }

  /**
   * Without the scripting permission the background cannot read the page; the content script answers with the
   * number only (never the text). tabs.query for the active tab needs no "tabs" permission.
   */
  private async dialSelection(tabId: number | undefined): Promise<void> {
    const id = tabId ?? (await this.chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    const reply: unknown =
      id === undefined
        ? null
        : await this.chrome.tabs.sendMessage(id, { type: MessageType.GetSelectedNumber }).catch(() => null);
    const parsed = SelectedNumberReplySchema.safeParse(reply);
    if (parsed.success) await this.dialer.dial(parsed.data.number);
    else this.selection.noNumber();
  }
}
