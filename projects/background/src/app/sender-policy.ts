/** Who may send which runtime message: extension pages anything, content scripts only their two messages. */
import { CONTENT_SCRIPT_DIAL_SOURCES, MessageType, type RuntimeMessage } from '@voipcom/shared';

/** `extensionId` is chrome.runtime.id; `extensionBaseUrl` is chrome.runtime.getURL(''). */
export function senderMayAsk(
  message: RuntimeMessage,
  sender: chrome.runtime.MessageSender,
  extensionId: string,
  extensionBaseUrl: string,
): boolean {
  if (sender.id !== extensionId) return false;
  // Our own pages (the popup, also when opened as a tab) have our origin; content scripts have the page's.
  if ((sender.url ?? '').startsWith(extensionBaseUrl)) return true;
  if (!sender.tab) return false;
  switch (message.type) {
    case MessageType.GetContentConfig:
      return true;
    case MessageType.Dial:
      return CONTENT_SCRIPT_DIAL_SOURCES.includes(message.source);
    default:
      return false;
  }
}
