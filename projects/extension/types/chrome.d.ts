/** The few chrome.* extension APIs this extension uses (no @types/chrome in the workspace), typed after Chrome's docs. */
declare namespace chrome {
  namespace events {
    interface Event<T extends (...args: never[]) => unknown> {
      addListener(callback: T): void;
      removeListener(callback: T): void;
      hasListener(callback: T): boolean;
    }
  }

  namespace runtime {
    interface MessageSender {
      id?: string;
      url?: string;
      origin?: string;
      tab?: tabs.Tab;
      frameId?: number;
      documentId?: string;
    }
    interface InstalledDetails {
      reason: 'install' | 'update' | 'chrome_update' | 'shared_module_update';
      previousVersion?: string;
    }
    const id: string;
    const lastError: { message?: string } | undefined;
    function getURL(path: string): string;
    function sendMessage<R = unknown>(message: unknown): Promise<R>;
    const onMessage: events.Event<
      (message: unknown, sender: MessageSender, sendResponse: (response?: unknown) => void) => boolean | undefined | void
    >;
    const onInstalled: events.Event<(details: InstalledDetails) => void>;
    const onStartup: events.Event<() => void>;
  }

  namespace storage {
    interface StorageChange {
      oldValue?: unknown;
      newValue?: unknown;
    }
    interface StorageArea {
      /** TRUSTED_CONTEXTS: extension pages and the service worker only, not content scripts. */
      setAccessLevel(details: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
      get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    }
    const local: StorageArea;
    /** The organisation's policy for this extension (read-only; Chrome validates it against managed-schema.json). */
    const managed: Pick<StorageArea, 'get'>;
    /** In memory only, gone when the browser closes; not readable by content scripts (TRUSTED_CONTEXTS by default). */
    const session: StorageArea;
    const onChanged: events.Event<(changes: Record<string, StorageChange>, areaName: string) => void>;
  }

  namespace i18n {
    /** The message `name` of the catalogue (_locales) in the browser's language, "" when unknown; $1… filled from `substitutions`. */
    function getMessage(name: string, substitutions?: string | string[]): string;
    /** The browser's UI language, e.g. "en-US", "es", "fr". */
    function getUILanguage(): string;
  }

  namespace action {
    function setBadgeText(details: { text: string; tabId?: number }): Promise<void>;
    function setBadgeBackgroundColor(details: { color: string; tabId?: number }): Promise<void>;
    function setBadgeTextColor(details: { color: string; tabId?: number }): Promise<void>;
    function setTitle(details: { title: string; tabId?: number }): Promise<void>;
  }

  namespace contextMenus {
    type ContextType = 'all' | 'page' | 'frame' | 'selection' | 'link' | 'editable' | 'image' | 'video' | 'audio';
    interface CreateProperties {
      id: string;
      title: string;
      contexts: [ContextType, ...ContextType[]];
    }
    interface OnClickData {
      menuItemId: string | number;
      selectionText?: string;
      linkUrl?: string;
      pageUrl?: string;
      frameId?: number;
      editable: boolean;
    }
    function create(properties: CreateProperties, callback?: () => void): string | number;
    function update(id: string, properties: { title?: string }): Promise<void>;
    function removeAll(): Promise<void>;
    const onClicked: events.Event<(info: OnClickData, tab?: tabs.Tab) => void>;
  }

  namespace commands {
    const onCommand: events.Event<(command: string, tab?: tabs.Tab) => void>;
  }

  namespace tabs {
    interface Tab {
      id?: number;
      windowId: number;
      active: boolean;
      /** Present because the extension holds the <all_urls> host permission. */
      url?: string;
    }
    interface QueryInfo {
      active?: boolean;
      currentWindow?: boolean;
      url?: string | string[];
    }
    function query(queryInfo: QueryInfo): Promise<Tab[]>;
    function sendMessage<R = unknown>(tabId: number, message: unknown, options?: { frameId?: number }): Promise<R>;
    function create(properties: { url: string; active?: boolean }): Promise<Tab>;
  }

  namespace windows {
    interface Window {
      id?: number;
      left?: number;
      top?: number;
      width?: number;
      height?: number;
    }
    interface CreateData {
      url: string;
      type: 'normal' | 'popup';
      focused?: boolean;
      left?: number;
      top?: number;
      width?: number;
      height?: number;
    }
    function create(createData: CreateData): Promise<Window>;
    function get(windowId: number): Promise<Window>;
    function remove(windowId: number): Promise<void>;
    const onRemoved: events.Event<(windowId: number) => void>;
  }
}
