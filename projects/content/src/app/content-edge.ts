/** The content script's only way out of the page: the extension runtime, behind an interface specs can fake. */
import type { PageSettings, PageDialSource, RuntimeMessage } from '@voipcom/shared';
import { MessageType } from '../../../shared/src/lib/contract/message-type';
import { parsePageSettingsReply } from './content-messages';

/** Handles one message from this extension; returns true when it answered (synchronously) with `reply`. */
export type ExtensionMessageListener = (message: unknown, reply: (response: unknown) => void) => boolean;

export interface ContentEdge {
  /** The settings for this tab (the background judges it by the tab's top-level site); undefined when unreachable. */
  getSettings(): Promise<PageSettings | undefined>;
  /** Listens to messages sent by this extension only; returns the function that stops listening. */
  listen(listener: ExtensionMessageListener): () => void;
  /**
   * The user clicked this number (E.164): the background asks them to confirm in the extension's own window.
   * With `reportSelection`, the only page-derived data that ever leaves the content script, and never the network.
   */
  askToDial(number: string, source: PageDialSource, extension?: string): void;
  /** The number in the focused frame's selection (or null), for the right-click item's title. */
  reportSelection(number: string | null): void;
}

/** The real edge: chrome.runtime messaging. */
export function chromeEdge(): ContentEdge {
  // The background reports outcomes itself (window, badge, popup); a failure to reach it has nowhere better to go.
  const send = (message: RuntimeMessage): void => void chrome.runtime.sendMessage(message).catch(() => undefined);
  return {
    async getSettings() {
      try {
        return parsePageSettingsReply(await chrome.runtime.sendMessage({ type: MessageType.GetPageSettings }));
      } catch {
        // Extension reloaded or background unreachable: stay quiet, tel: links keep their default behaviour.
        return undefined;
      }
    },
    listen(listener) {
      const onMessage = (message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (response?: unknown) => void): boolean =>
        sender.id === chrome.runtime.id && listener(message, sendResponse);
      chrome.runtime.onMessage.addListener(onMessage);
      return () => chrome.runtime.onMessage.removeListener(onMessage);
    },
    askToDial(number, source, extension) {
      send({ type: MessageType.AskToDial, number, source, ...(extension && { extension }) });
    },
    reportSelection(number) {
      send({ type: MessageType.ReportSelection, number });
    },
  };
}
