/** An in-memory stand-in for the chrome.* APIs the background uses, for specs (the only faked edge). */
import { englishI18n } from '../../../extension/i18n/testing/english-i18n';

type Listener = (...args: never[]) => unknown;

/** A chrome event whose listeners a spec can fire. */
export class FakeEvent<T extends Listener> implements chrome.events.Event<T> {
  readonly listeners: T[] = [];
  addListener(callback: T): void {
    this.listeners.push(callback);
  }
  removeListener(callback: T): void {
    this.listeners.splice(this.listeners.indexOf(callback), 1);
  }
  hasListener(callback: T): boolean {
    return this.listeners.includes(callback);
  }
  dispatch(...args: Parameters<T>): ReturnType<T>[] {
    return this.listeners.map((listener) => listener(...args) as ReturnType<T>);
  }
}

export const EXTENSION_ID = 'hdfblghhbnjdaamfompieibfckacncaj';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

export interface FakeTab {
  id: number;
  url: string;
  /** What the tab's content script answers; undefined = no content script there (sendMessage rejects). */
  answer?: (message: unknown) => unknown;
}

/** A chrome.storage area over a Map (values are cloned in and out, as Chrome serialises them). */
function fakeStorageArea(stored: Map<string, unknown>): chrome.storage.StorageArea & { accessLevel: string } {
  return {
    accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS',
    async setAccessLevel({ accessLevel }) {
      this.accessLevel = accessLevel;
    },
    async get(keys?: string | string[] | null) {
      const wanted = keys === null || keys === undefined ? [...stored.keys()] : [keys].flat();
      return Object.fromEntries(wanted.filter((key) => stored.has(key)).map((key) => [key, structuredClone(stored.get(key))]));
    },
    async set(items: Record<string, unknown>) {
      for (const [key, value] of Object.entries(items)) stored.set(key, structuredClone(value));
    },
    async remove(keys: string | string[]) {
      for (const key of [keys].flat()) stored.delete(key);
    },
  };
}

export function createFakeChrome() {
  const stored = new Map<string, unknown>();
  const localArea = fakeStorageArea(stored);
  const sessionStored = new Map<string, unknown>();
  /** What the organisation's policy holds (managed storage); a spec changes it with `setPolicy`. */
  const managedStored = new Map<string, unknown>();
  /** Windows the background opened (the confirmation), by id; removed ones are deleted. */
  const windows = new Map<number, chrome.windows.CreateData>();
  let nextWindowId = 100;
  const badge = { text: '', color: '', title: '' };
  const menus: chrome.contextMenus.CreateProperties[] = [];
  const tabs: FakeTab[] = [];
  const sentToTabs: { tabId: number; message: unknown }[] = [];
  const events = {
    onMessage: new FakeEvent<
      (message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (response?: unknown) => void) => boolean | undefined | void
    >(),
    onInstalled: new FakeEvent<(details: chrome.runtime.InstalledDetails) => void>(),
    onStartup: new FakeEvent<() => void>(),
    onStorageChanged: new FakeEvent<(changes: Record<string, chrome.storage.StorageChange>, areaName: string) => void>(),
    onMenuClicked: new FakeEvent<(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab) => void>(),
    onCommand: new FakeEvent<(command: string, tab?: chrome.tabs.Tab) => void>(),
    onWindowRemoved: new FakeEvent<(windowId: number) => void>(),
  };

  const api: typeof chrome = {
    runtime: {
      id: EXTENSION_ID,
      lastError: undefined,
      getURL: (path: string) => `${EXTENSION_BASE}${path}`,
      sendMessage: () => Promise.reject(new Error('not used by the background')),
      onMessage: events.onMessage,
      onInstalled: events.onInstalled,
      onStartup: events.onStartup,
    } as typeof chrome.runtime,
    storage: {
      local: localArea,
      session: fakeStorageArea(sessionStored),
      managed: fakeStorageArea(managedStored),
      onChanged: events.onStorageChanged,
    } as typeof chrome.storage,
    action: {
      setBadgeText: async ({ text }: { text: string }) => void (badge.text = text),
      setBadgeBackgroundColor: async ({ color }: { color: string }) => void (badge.color = color),
      setBadgeTextColor: async () => undefined,
      setTitle: async ({ title }: { title: string }) => void (badge.title = title),
    } as typeof chrome.action,
    contextMenus: {
      create: (properties: chrome.contextMenus.CreateProperties) => {
        menus.push(properties);
        return properties.id;
      },
      update: async (id: string, properties: { title?: string }) => {
        const menu = menus.find((candidate) => candidate.id === id);
        if (menu === undefined) throw new Error(`Cannot find menu item with id ${id}`);
        if (properties.title !== undefined) menu.title = properties.title;
      },
      removeAll: async () => void menus.splice(0),
      onClicked: events.onMenuClicked,
    } as typeof chrome.contextMenus,
    commands: { onCommand: events.onCommand } as typeof chrome.commands,
    tabs: {
      query: async (info: chrome.tabs.QueryInfo) =>
        (info.active ? tabs.slice(0, 1) : tabs).map((tab) => ({ id: tab.id, url: tab.url, active: true, windowId: 1 })),
      sendMessage: async (tabId: number, message: unknown) => {
        sentToTabs.push({ tabId, message });
        const answer = tabs.find((tab) => tab.id === tabId)?.answer;
        if (!answer) throw new Error('Could not establish connection. Receiving end does not exist.');
        return answer(message);
      },
      create: async () => ({ id: 99, active: true, windowId: 1 }),
    } as typeof chrome.tabs,
    windows: {
      create: async (data: chrome.windows.CreateData) => {
        const id = nextWindowId++;
        windows.set(id, data);
        return { id, ...data };
      },
      get: async (windowId: number) => ({ id: windowId, left: 0, top: 0, width: 1200, height: 800 }),
      remove: async (windowId: number) => {
        windows.delete(windowId);
        events.onWindowRemoved.dispatch(windowId);
      },
      onRemoved: events.onWindowRemoved,
    } as typeof chrome.windows,
    i18n: englishI18n(),
  } as typeof chrome;

  /** An administrator changes the policy: managed storage holds `policy`, and Chrome reports the change. */
  const setPolicy = (policy: Record<string, unknown>): void => {
    managedStored.clear();
    for (const [key, value] of Object.entries(policy)) managedStored.set(key, structuredClone(value));
    events.onStorageChanged.dispatch({}, 'managed');
  };

  return { api, stored, localArea, sessionStored, windows, badge, menus, tabs, sentToTabs, events, setPolicy };
}

export type FakeChrome = ReturnType<typeof createFakeChrome>;
