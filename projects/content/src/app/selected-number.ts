/** The first number in the user's selection, as E.164: the only thing the dial-selection shortcut gets back. */
import { findPhoneNumbers } from '../../../shared/src/lib/phone/find-phone-numbers';

/** A selection longer than this is not a phone number someone meant to dial. */
const MAX_SELECTION = 500;

function selectedText(window: Window): string {
  const active = window.document.activeElement;
  // Text selected inside a field is not part of window.getSelection(); passwords are never read.
  if ((active instanceof HTMLInputElement && active.type !== 'password') || active instanceof HTMLTextAreaElement) {
    const { selectionStart, selectionEnd, value } = active;
    if (selectionStart !== null && selectionEnd !== null && selectionEnd > selectionStart) {
      return value.slice(selectionStart, selectionEnd);
    }
  }
  return window.getSelection()?.toString() ?? '';
}

export function selectedNumber(window: Window, defaultCountry: string): string | undefined {
  const text = selectedText(window);
  if (text.length > MAX_SELECTION) return undefined;
  return findPhoneNumbers(text, { defaultCountry })[0]?.e164;
}
