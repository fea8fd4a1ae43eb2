/** Why the context menu and the shortcut did not dial the selection. */
import type { MessageError } from '@voipcom/shared';

export const NO_NUMBER: MessageError = { code: 'no_number', message: 'No phone number found in the selected text.' };

/** The right-click item was used on a site the organisation keeps Click-to-Dial off. */
export const SITE_OFF: MessageError = {
  code: 'forbidden_sender',
  message: 'The organisation keeps Click-to-Dial inactive on this site.',
  detail: 'site_off',
};
