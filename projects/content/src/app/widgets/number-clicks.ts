/** A click on a marked number asks the background to confirm it in the extension's window; nothing in the page. */
import type { NumberHighlights } from '../highlights/number-highlights';
import { isVisibleText } from '../matchers/visible-text';
import { type AcceptEvent, listenToUserClicks } from '../user-clicks';

/**
 * Starts listening to the user's clicks; returns the function that stops listening. Only a plain primary click
 * that selects nothing, on a number the user can see and that nothing covers, asks; the page can still cover the
 * number with something transparent, but then the click lands on that, not on the number.
 */
export function askOnNumberClicks(
  window: Window,
  highlights: NumberHighlights,
  ask: (e164: string, extension?: string) => void,
  acceptEvent?: AcceptEvent,
): () => void {
  const onClick = (event: MouseEvent): void => {
    // Dragging or double-clicking to select text is left alone.
    if (event.button !== 0 || window.getSelection()?.isCollapsed === false) return;
    const number = highlights.numberAt(event.clientX, event.clientY);
    if (number === undefined) return;
    // Checked again at click time: the page may have restyled the text or covered it since the scan.
    const onTop = window.document.elementFromPoint(event.clientX, event.clientY) === number.text.parentElement;
    if (!onTop || !isVisibleText(number.text, number.start, number.end)) return;
    ask(number.e164, number.extension);
  };
  return listenToUserClicks(window, onClick, { passive: true, acceptEvent });
}
