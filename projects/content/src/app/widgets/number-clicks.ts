/** A click on a marked number shows the dial control next to it; Escape, scrolling or a click elsewhere hide it. */
import type { NumberHighlights } from '../highlights/number-highlights';
import type { DialControl } from './dial-control';

/** Starts listening on `window`; returns the function that stops listening and hides the control. */
export function showControlOnNumberClicks(
  window: Window,
  highlights: NumberHighlights,
  control: DialControl,
  dial: (e164: string) => void,
  acceptEvent: (event: Event) => boolean = (event) => event.isTrusted,
): () => void {
  const onClick = (event: MouseEvent): void => {
    if (control.contains(event)) return;
    control.hide();
    // Only a plain primary click that selects nothing: dragging or double-clicking to select text is left alone.
    if (!acceptEvent(event) || event.button !== 0 || window.getSelection()?.isCollapsed === false) return;
    const number = highlights.numberAt(event.clientX, event.clientY);
    if (number === undefined) return;
    const label = number.text.data.slice(number.start, number.end);
    control.show(highlights.boundsOf(number), label, () => dial(number.e164));
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') control.hide();
  };
  const hide = (): void => control.hide();
  const listeners: [string, EventListener][] = [
    ['click', onClick as EventListener],
    ['keydown', onKeyDown as EventListener],
    ['scroll', hide],
    ['resize', hide],
  ];
  // Capture phase: the page cannot hide clicks from us by stopping propagation (we never stop theirs).
  listeners.forEach(([type, listener]) => window.addEventListener(type, listener, { capture: true, passive: true }));
  return () => {
    listeners.forEach(([type, listener]) => window.removeEventListener(type, listener, { capture: true }));
    control.hide();
  };
}
