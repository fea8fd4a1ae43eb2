/**
 * An in-memory stand-in for the chrome.* APIs the background uses, for specs (the only faked edge). It is typed as
 * ExtensionChrome, so every member keeps Chromium's own signature (chrome-types): a wrong one does not compile.
 */
import type { ExtensionChrome, ExtensionStorageArea, ListenerOf } from '../../../extension/chrome/chrome';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { englishI18n } from '../../../extension/i18n/testing/english-i18n';

/** A chrome event whose listeners a spec can fire. */
export class FakeEvent<L extends (...args: never[]) => unknown> {
  readonly listeners: L[] = [];
  addListener(callback: L): void {
    this.listeners.push(callback);
  }
  dispatch(...args: Parameters<L>): ReturnType<L>[] {
    return this.listeners.map((listener) => listener(...args) as ReturnType<L>);
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

/** What windows.create was asked for. */
type WindowCreateData = NonNullable<Parameters<ExtensionChrome['windows']['create']>[0]>;

/** A whole chrome.windows.Window as Chrome reports it: a focused, ordinary window, unless `fields` say otherwise. */
function fakeWindow(fields: Partial<chrome.windows.Window>): chrome.windows.Window {
  return { focused: true, incognito: false, alwaysOnTop: false, ...fields };
}

/** A chrome.storage area over a Map (values are cloned in and out, as Chrome serialises them). */
function fakeStorageArea(stored: Map<string, unknown>): ExtensionStorageArea & { accessLevel: chrome.storage.AccessLevel } {
  return {
    accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS',
    async setAccessLevel({ accessLevel }) {
      this.accessLevel = accessLevel;
    },
    /** No keys: everything; a key or keys: those stored; an object: its keys, its values as defaults. */
    async get(keys?: string | string[] | Record<string, unknown>) {
      const defaults: Record<string, unknown> = typeof keys === 'object' && !Array.isArray(keys) ? keys : {};
      const wanted =
        keys === undefined ? [...stored.keys()] : typeof keys === 'string' || Array.isArray(keys) ? [keys].flat() : Object.keys(keys);
      const found = wanted.map((key): [string, unknown] => [key, stored.has(key) ? structuredClone(stored.get(key)) : defaults[key]]);
      return Object.fromEntries(found.filter(([, value]) => value !== undefined));
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
  const windows = new Map<number, WindowCreateData & { url: string }>();
  let nextWindowId = 100;
  /** The one screen, as Chrome checks new windows against it; as large as the browser window unless a spec shrinks it. */
  const screen = { width: 1200, height: 800 };
  const badge = { text: '', color: '', title: '' };
  const menus: chrome.contextMenus.CreateProperties[] = [];
  const tabs: FakeTab[] = [];
  const sentToTabs: { tabId: number; message: unknown }[] = [];
  const events = {
    onMessage: new FakeEvent<ListenerOf<ExtensionChrome['runtime']['onMessage']>>(),
    onInstalled: new FakeEvent<ListenerOf<ExtensionChrome['runtime']['onInstalled']>>(),
    onStartup: new FakeEvent<ListenerOf<ExtensionChrome['runtime']['onStartup']>>(),
    onStorageChanged: new FakeEvent<ListenerOf<ExtensionChrome['storage']['onChanged']>>(),
    onMenuClicked: new FakeEvent<ListenerOf<ExtensionChrome['contextMenus']['onClicked']>>(),
    onCommand: new FakeEvent<ListenerOf<ExtensionChrome['commands']['onCommand']>>(),
    onWindowRemoved: new FakeEvent<ListenerOf<ExtensionChrome['windows']['onRemoved']>>(),
  };

  const api: ExtensionChrome = {
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => `${EXTENSION_BASE}${path}`,
      sendMessage: () => Promise.reject(new Error('not used by the background')),
      onMessage: events.onMessage,
      onInstalled: events.onInstalled,
      onStartup: events.onStartup,
    },
    storage: {
      local: localArea,
      session: fakeStorageArea(sessionStored),
      managed: fakeStorageArea(managedStored),
      onChanged: events.onStorageChanged,
    },
    action: {
      setBadgeText: async ({ text }) => void (badge.text = text ?? ''),
      setBadgeBackgroundColor: async ({ color }) => void (badge.color = String(color)),
      setBadgeTextColor: async () => undefined,
      setTitle: async ({ title }) => void (badge.title = title),
    },
    contextMenus: {
      create: (properties: chrome.contextMenus.CreateProperties) => {
        menus.push(properties);
        return properties.id ?? menus.length;
      },
      update: async (id: number | string, properties: { title?: string }) => {
        const menu = menus.find((candidate) => candidate.id === id);
        if (menu === undefined) throw new Error(`Cannot find menu item with id ${id}`);
        if (properties.title !== undefined) menu.title = properties.title;
      },
      removeAll: async () => void menus.splice(0),
      onClicked: events.onMenuClicked,
    },
    commands: { onCommand: events.onCommand },
    // The background never asks: only the popup checks and requests the host permission.
    permissions: { contains: async () => true, request: async () => true },
    tabs: {
      query: async ({ active }) => (active ? tabs.slice(0, 1) : tabs).map(({ id, url }) => fakeTab({ id, url })),
      sendMessage: async (tabId: number, message: unknown) => {
        sentToTabs.push({ tabId, message });
        const answer = tabs.find((tab) => tab.id === tabId)?.answer;
        if (!answer) throw new Error('Could not establish connection. Receiving end does not exist.');
        return answer(message);
      },
    },
    windows: {
      create: async (data?: WindowCreateData) => {
        if (typeof data?.url !== 'string') throw new Error('the background opens one page per window');
        if (!halfOnScreen(data, screen))
          throw new Error('Invalid value for bounds. Bounds must be at least 50% within visible screen space.');
        const id = nextWindowId++;
        windows.set(id, { ...data, url: data.url });
        return fakeWindow({ id });
      },
      get: async (windowId: number) => fakeWindow({ id: windowId, left: 0, top: 0, width: 1200, height: 800 }),
      remove: async (windowId: number) => {
        windows.delete(windowId);
        events.onWindowRemoved.dispatch(windowId);
      },
      onRemoved: events.onWindowRemoved,
    },
    i18n: englishI18n(),
  };

  /** An administrator changes the policy: managed storage holds `policy`, and Chrome reports the change. */
  const setPolicy = (policy: Record<string, unknown>): void => {
    managedStored.clear();
    for (const [key, value] of Object.entries(policy)) managedStored.set(key, structuredClone(value));
    events.onStorageChanged.dispatch({}, 'managed');
  };

  return { api, stored, localArea, sessionStored, windows, screen, badge, menus, tabs, sentToTabs, events, setPolicy };
}

export type FakeChrome = ReturnType<typeof createFakeChrome>;

/** Chrome's check on a new window's bounds: at least half of its area on the screen. */
function halfOnScreen({ left = 0, top = 0, width = 0, height = 0 }: WindowCreateData, screen: { width: number; height: number }): boolean {
  const visibleWidth = Math.max(0, Math.min(left + width, screen.width) - Math.max(left, 0));
  const visibleHeight = Math.max(0, Math.min(top + height, screen.height) - Math.max(top, 0));
  return visibleWidth * visibleHeight * 2 >= width * height;
}
