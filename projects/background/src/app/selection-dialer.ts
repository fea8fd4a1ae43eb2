/** Dials the first phone number in a piece of selected text (context menu, keyboard shortcut). */
import { inject, Injectable } from '@angular/core';
import { findPhoneNumbers, type MessageError } from '@voipcom/shared';
import { DialFeature } from './dial-feature';
import { ExtensionStore } from './extension-store';

export const NO_NUMBER: MessageError = { code: 'no_number', message: 'No phone number found in the selected text.' };

@Injectable()
export class SelectionDialer {
  private readonly store = inject(ExtensionStore);
  private readonly dialer = inject(DialFeature);

  async dialText(text: string): Promise<void> {
    const [first] = findPhoneNumbers(text, { defaultCountry: this.store.settings().defaultCountry });
    if (first) await this.dialer.dial(first.e164);
    else this.noNumber();
  }

  /** Nothing to dial: the badge shows "!" and the popup explains. */
  noNumber(): void {
    this.store.setProblem(NO_NUMBER);
  }
}
