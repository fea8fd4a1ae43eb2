/** tel: link interception: one capturing click listener for the whole document, links added later included. */

/** The longest destination the contract accepts (DialMessageSchema). */
const MAX_DESTINATION = 64;

/** The number a tel: href dials, decoded, without parameters (";ext=", ";phone-context=") or query. */
export function telDestination(href: string): string | undefined {
  if (!/^tel:/i.test(href)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.slice(4));
  } catch {
    return undefined;
  }
  const number = decoded.split(/[;?]/, 1)[0]?.trim() ?? '';
  return /\d/.test(number) && number.length <= MAX_DESTINATION ? number : undefined;
}

/** The tel: destination a click should dial instead of the browser: a plain primary click on a tel: link. */
export function telLinkClickDestination(event: MouseEvent): string | undefined {
  if (event.button !== 0 || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return undefined;
  }
  // composedPath sees links inside open shadow roots too.
  const link = event.composedPath().find(
    (target): target is HTMLAnchorElement | HTMLAreaElement =>
      target instanceof HTMLAnchorElement || target instanceof HTMLAreaElement,
  );
  return link === undefined ? undefined : telDestination(link.href);
}

/**
 * Dials tel: links through the extension. `acceptEvent` defaults to "a real user click": page scripts calling
 * link.click() never dial. Returns the function that removes the listener.
 */
export function interceptTelLinks(
  target: Window,
  dial: (destination: string) => void,
  acceptEvent: (event: Event) => boolean = (event) => event.isTrusted,
): () => void {
  const onClick = (event: MouseEvent): void => {
    if (!acceptEvent(event)) return;
    const destination = telLinkClickDestination(event);
    if (destination === undefined) return;
    event.preventDefault();
    dial(destination);
  };
  target.addEventListener('click', onClick, { capture: true });
  return () => target.removeEventListener('click', onClick, { capture: true });
}
