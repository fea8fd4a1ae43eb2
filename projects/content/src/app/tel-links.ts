/** tel: link interception: one capturing click listener for the whole document, links added later included. */
import { telUriExtension } from '../../../shared/src/lib/phone/phone-extension';
import { telUriToE164 } from '../../../shared/src/lib/phone/tel-uri';
import { type AcceptEvent, listenToUserClicks } from './user-clicks';

/**
 * The tel: link a click lands on, when it is a plain primary click (mouse, or Enter on a focused link) that the
 * page has not cancelled; undefined otherwise.
 */
export function clickedTelLink(event: MouseEvent): HTMLAnchorElement | HTMLAreaElement | undefined {
  if (event.button !== 0 || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return undefined;
  }
  // composedPath sees links inside open shadow roots too.
  const link = event
    .composedPath()
    .find(
      (target): target is HTMLAnchorElement | HTMLAreaElement => target instanceof HTMLAnchorElement || target instanceof HTMLAreaElement,
    );
  return link !== undefined && /^tel:/i.test(link.href) ? link : undefined;
}

/**
 * Turns the user's clicks on tel: links into a request to confirm the number (`ask`), read as E.164 with
 * `defaultCountry`. It never dials: the page chose the link, its look and where it sits, so only the user's
 * confirmation in the extension's own window may dial. A link without exactly one readable number is left to the
 * browser. Returns the function that stops listening.
 */
export function interceptTelLinks(
  window: Window,
  defaultCountry: string,
  ask: (e164: string, extension?: string) => void,
  acceptEvent?: AcceptEvent,
): () => void {
  const onClick = (event: MouseEvent): void => {
    const link = clickedTelLink(event);
    const number = link === undefined ? undefined : telUriToE164(link.href, defaultCountry);
    if (link === undefined || number === undefined) return;
    event.preventDefault();
    ask(number, telUriExtension(link.href));
  };
  return listenToUserClicks(window, onClick, { passive: false, acceptEvent });
}
