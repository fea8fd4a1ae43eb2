/** Tells the background which number the focused frame's selection holds, so the right-click item can show it. */
import { isFocusedFrame, selectedNumber } from '../selected-number';

/** Selections change with every mouse move of a drag: report once it has settled. */
const SETTLE_MS = 120;

/**
 * Starts following the selection; returns the function that stops. Reported once a selection settles, only from
 * the focused frame, only when it differs from this frame's last report (caret moves in a field change the
 * selection with every key), and only the E.164 number (or null), never the selected text. Regaining the focus
 * forgets the last report: another frame may have reported since.
 */
export function reportSelectedNumbers(window: Window, defaultCountry: string, report: (number: string | null) => void): () => void {
  let timer: number | undefined;
  /** This frame's last report while it held the focus; undefined: nothing reported since it gained the focus. */
  let reported: string | null | undefined;
  const check = (): void => {
    timer = undefined;
    // Another frame's selection is that frame's to report; this one says nothing while unfocused.
    if (!isFocusedFrame(window)) return;
    const number = selectedNumber(window, defaultCountry)?.number ?? null;
    if (number === reported) return;
    reported = number;
    report(number);
  };
  const onFocus = (): void => {
    reported = undefined;
  };
  const onChange = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, SETTLE_MS);
  };
  window.document.addEventListener('selectionchange', onChange);
  window.addEventListener('focus', onFocus);
  return () => {
    window.clearTimeout(timer);
    window.document.removeEventListener('selectionchange', onChange);
    window.removeEventListener('focus', onFocus);
  };
}
