/**
 * The first number in the user's selection, as E.164 with any extension written after it: what the dial-selection
 * shortcut gets back and what the right-click item shows. Only the focused frame answers, and only for a selection the user can see, so a tiny
 * or hidden frame keeping its own selected text cannot slip its number in.
 */
import { findPhoneNumbers } from '../../../shared/src/lib/phone/find-phone-numbers';
import type { SelectedNumberReply } from '../../../shared/src/lib/contract/messages';
import { isVisibleText } from './matchers/visible-text';

/** A selection longer than this is not a phone number someone meant to dial. */
const MAX_SELECTION = 500;
/** A frame smaller than this (CSS px) is not where a user selects a number to dial. */
const MIN_FRAME_PX = 40;
const DIGIT = /[0-9\uFF10-\uFF19]/;

/** Whether this frame holds the keyboard focus itself (not one of its child frames) and is big enough to use. */
export function isFocusedFrame(window: Window): boolean {
  const { document } = window;
  // hasFocus() is true in every ancestor of the focused frame too; there the active element is the child frame.
  const active = document.activeElement;
  if (!document.hasFocus() || active instanceof HTMLIFrameElement || active instanceof HTMLFrameElement) return false;
  return window.innerWidth >= MIN_FRAME_PX && window.innerHeight >= MIN_FRAME_PX;
}

/** Text selected in a visible field (never a password field): not part of window.getSelection(). */
function fieldSelection(active: Element | null): string | undefined {
  if (!(active instanceof HTMLInputElement && active.type !== 'password') && !(active instanceof HTMLTextAreaElement)) {
    return undefined;
  }
  const { selectionStart, selectionEnd } = active;
  if (selectionStart === null || selectionEnd === null || selectionEnd <= selectionStart) return undefined;
  const box = active.getBoundingClientRect();
  const visible = active.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && box.width >= 2 && box.height >= 2;
  // The field's text is read only for a visible selection the user made in it, and only the selected part is kept.
  return visible ? active.value.slice(selectionStart, selectionEnd) : '';
}

/** The selected page text, or '' when any selected text with a digit in it cannot be seen. */
function pageSelection(window: Window): string {
  const selection = window.getSelection();
  if (selection === null || selection.isCollapsed || selection.rangeCount === 0) return '';
  const text = selection.toString();
  if (text.length > MAX_SELECTION || !DIGIT.test(text)) return text;
  const range = selection.getRangeAt(0);
  const root = range.commonAncestorContainer;
  const walker = window.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = root instanceof Text ? root : walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (!(node instanceof Text) || !range.intersectsNode(node) || !DIGIT.test(node.data)) continue;
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.length;
    if (DIGIT.test(node.data.slice(start, end)) && !isVisibleText(node, start, end)) return '';
    if (node === root) break;
  }
  return text;
}

/** The number in this frame's selection (and its extension, shown in the window, never dialled), if this frame may answer. */
export function selectedNumber(window: Window, defaultCountry: string): SelectedNumberReply | undefined {
  if (!isFocusedFrame(window)) return undefined;
  const text = fieldSelection(window.document.activeElement) ?? pageSelection(window);
  if (text.length > MAX_SELECTION) return undefined;
  const [first] = findPhoneNumbers(text, { defaultCountry });
  if (first === undefined) return undefined;
  return first.extension === undefined ? { number: first.e164 } : { number: first.e164, extension: first.extension };
}
