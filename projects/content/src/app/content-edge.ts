/** The content script's only way out of the page: the extension runtime, behind an interface specs can fake. */
import type { ContentConfig } from '@voipcom/shared';
import { type ContentDialSource, DIAL, GET_CONTENT_CONFIG, parseContentConfigReply } from './content-config';

/** Handles one message from this extension; returns true when it answered (synchronously) with `reply`. */
export type ExtensionMessageListener = (message: unknown, reply: (response: unknown) => void) => boolean;

export interface ContentEdge {
  /** The config for this site; undefined when the background refuses, fails or is unreachable. */
  getConfig(hostname: string): Promise<ContentConfig | undefined>;
  /** Listens to messages sent by this extension only; returns the function that stops listening. */
  listen(listener: ExtensionMessageListener): () => void;
  /** Asks the background to place a call: the one piece of page data that ever leaves the content script. */
  dial(destination: string, source: ContentDialSource): void;
}

/** The real edge: chrome.runtime messaging. */
export function chromeEdge(): ContentEdge {
  return {
    async getConfig(hostname) {
      try {
        return parseContentConfigReply(await chrome.runtime.sendMessage({ type: GET_CONTENT_CONFIG, hostname }));
      } catch {
        // Extension reloaded or background unreachable: stay quiet, tel: links keep their default behaviour.
        return undefined;
      }
    },
    listen(listener) {
      const onMessage = (
        message: unknown,
        sender: chrome.runtime.MessageSender,
        sendResponse: (response?: unknown) => void,
      ): boolean => sender.id === chrome.runtime.id && listener(message, sendResponse);
      chrome.runtime.onMessage.addListener(onMessage);
      return () => chrome.runtime.onMessage.removeListener(onMessage);
    },
    dial(destination, source) {
      // The background reports the outcome (badge, popup); a failure to reach it has nowhere better to go.
      chrome.runtime.sendMessage({ type: DIAL, destination, source }).catch(() => undefined);
    },
  };
}
