/** Tells the background which number the focused frame's selection holds, so the right-click item can show it. */
import { isFocusedFrame, selectedNumber } from '../selected-number';

/** Selections change with every mouse move of a drag: report once it has settled. */
const SETTLE_MS = 120;

/**
 * Starts following the selection; returns the function that stops. Reported once a selection settles, only from
 * the focused frame, and only the E.164 number (or null), never the selected text.
 */
export function reportSelectedNumbers(
  window: Window,
  defaultCountry: string,
  report: (number: string | null) => void,
): () => void {
  let timer: number | undefined;
  const check = (): void => {
    timer = undefined;
    // Another frame's selection is that frame's to report; this one says nothing while unfocused.
    if (isFocusedFrame(window)) report(selectedNumber(window, defaultCountry) ?? null);
  };
  const onChange = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, SETTLE_MS);
  };
  window.document.addEventListener('selectionchange', onChange);
  return () => {
    window.clearTimeout(timer);
    window.document.removeEventListener('selectionchange', onChange);
  };
}
