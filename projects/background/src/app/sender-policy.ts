/** Who may send which runtime message: the one sender check of the background, and the one reader of `sender`. */
import { MESSAGES, type RuntimeMessage } from '@voipcom/shared';
import { topLevelSite } from './tab-site';

/** What dispatch may trust of an accepted sender; nothing else of `sender` leaves this module. */
export interface TrustedSender {
  /** The sender's tab (a content script's, or the popup opened as a tab); undefined for the popup and windows. */
  tab: chrome.tabs.Tab | undefined;
  /** The tab's top-level site (tab-site.ts), by which pause and highlighting are judged; null outside a web page. */
  site: string | null;
  /** The sending frame's own origin (Chrome's word, not the page's), so an ad frame's ask is shown as the ad's. */
  frame: string | undefined;
}

/**
 * Which sender fields are trusted, and why: Chrome fills `sender` in the browser process, so a page cannot forge
 * it. `id` is the sending extension (another extension's id, or none from a page, is refused outright). `url` is
 * the sending document's URL: our own pages (the popup, the confirmation window, the popup opened as a tab) have
 * our origin; a content script's is the page's URL, which the page chooses and which therefore only tells us it is
 * a web page. `tab` is present only for senders inside a tab; its `url` is the tab's top-level URL, which is what
 * pause and highlighting are judged by (tab-site.ts), never a frame's own URL.
 *
 * Extension pages may send the messages MESSAGES declares `from: 'page'`; content scripts only those `from:
 * 'content'`. Answers the trusted facts, or undefined for a refused sender.
 * `extensionId` is chrome.runtime.id; `extensionBaseUrl` is chrome.runtime.getURL('').
 */
export function trustedSender(
  message: RuntimeMessage,
  sender: chrome.runtime.MessageSender,
  extensionId: string,
  extensionBaseUrl: string,
): TrustedSender | undefined {
  const { id, url, tab, origin } = sender;
  const from = url?.startsWith(extensionBaseUrl) ? 'page' : tab && 'content';
  if (id !== extensionId || MESSAGES[message.type].from !== from) return undefined;
  return { tab, site: topLevelSite(tab?.url), frame: origin ?? url };
}
