/** The one way the content script listens to clicks: on the window, in the capture phase, and only the user's own. */

/** Whether an event counts as the user's own: real input (isTrusted) unless a spec says otherwise. */
export type AcceptEvent = (event: Event) => boolean;

const isUserInput: AcceptEvent = (event) => event.isTrusted;

/**
 * Calls `onClick` for each click `acceptEvent` accepts (by default only real user input: a page script calling
 * element.click() is ignored). Capture phase on the window: the page cannot hide clicks from us by stopping
 * propagation (we never stop theirs). `passive` when `onClick` never cancels the click. Returns the function that
 * stops listening.
 */
export function listenToUserClicks(
  window: Window,
  onClick: (event: MouseEvent) => void,
  { passive, acceptEvent = isUserInput }: { passive: boolean; acceptEvent?: AcceptEvent },
): () => void {
  const listener = (event: MouseEvent): void => {
    if (acceptEvent(event)) onClick(event);
  };
  window.addEventListener('click', listener, { capture: true, passive });
  return () => window.removeEventListener('click', listener, { capture: true });
}
