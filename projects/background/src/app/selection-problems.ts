/** What the context menu and the shortcut say when they find nothing to dial in the selection. */
import type { MessageError } from '@voipcom/shared';

export const NO_NUMBER: MessageError = { code: 'no_number', message: 'No phone number found in the selected text.' };

export const SELECTION_CHANGED: MessageError = {
  code: 'no_number',
  message: 'The selection changed before the menu was used. Select the number again.',
};
