/** Who may send which runtime message: the one sender check of the background. */
import { MessageType, type RuntimeMessage } from '@voipcom/shared';

/** What a content script may send: a request for its page settings, a number the user clicked (never a dial), its selection's number. */
const CONTENT_SCRIPT_MESSAGES: ReadonlySet<RuntimeMessage['type']> = new Set([
  MessageType.GetPageSettings,
  MessageType.AskToDial,
  MessageType.ReportSelection,
]);

/**
 * Which sender fields are trusted, and why: Chrome fills `sender` in the browser process, so a page cannot forge
 * it. `id` is the sending extension (another extension's id, or none from a page, is refused outright). `url` is
 * the sending document's URL: our own pages (the popup, the confirmation window, the popup opened as a tab) have
 * our origin; a content script's is the page's URL, which the page chooses and which therefore only tells us it is
 * a web page. `tab` is present only for senders inside a tab; its `url` is the tab's top-level URL, which is what
 * pause and highlighting are judged by (tab-site.ts), never a frame's own URL.
 *
 * Extension pages may send everything but the content-script messages; content scripts only those. No content
 * script may send Dial or ConfirmDial: a page can make its content script send anything the script can send.
 * `extensionId` is chrome.runtime.id; `extensionBaseUrl` is chrome.runtime.getURL('').
 */
export function senderMayAsk(
  message: RuntimeMessage,
  sender: chrome.runtime.MessageSender,
  extensionId: string,
  extensionBaseUrl: string,
): boolean {
  if (sender.id !== extensionId) return false;
  const contentScriptMessage = CONTENT_SCRIPT_MESSAGES.has(message.type);
  if ((sender.url ?? '').startsWith(extensionBaseUrl)) return !contentScriptMessage;
  return sender.tab !== undefined && contentScriptMessage;
}
