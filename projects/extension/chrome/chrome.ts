/**
 * chrome.* as the extension sees it: the members it uses, typed by `chrome-types` (generated from Chromium's own
 * API definitions), behind one injection token, so a fake handed in by a spec must match Chromium's signatures.
 * On Firefox the background's token holds the one adapter the extension needs there (`backgroundChrome`).
 */
import { InjectionToken } from '@angular/core';

/** The members `K` of a chrome namespace, its events reduced to `addListener`: the extension only ever listens. */
type Members<N, K extends keyof N> = { [P in K]: N[P] extends { addListener: unknown } ? Pick<N[P], 'addListener'> : N[P] };

/** One chrome.storage area, as far as the extension reads and writes it. */
export type ExtensionStorageArea = Pick<chrome.storage.StorageArea, 'get' | 'set' | 'remove' | 'setAccessLevel'>;

/**
 * The chrome.* members the popup and the background use. Using one more means naming it here, so every fake that
 * stands in for chrome has to implement it with Chromium's signature.
 */
export interface ExtensionChrome {
  runtime: Members<typeof chrome.runtime, 'id' | 'getURL' | 'sendMessage' | 'onMessage' | 'onInstalled' | 'onStartup'>;
  storage: {
    local: ExtensionStorageArea;
    session: ExtensionStorageArea;
    /** The organisation's policy: read-only (Chrome validates it against managed-schema.json). */
    managed: Pick<chrome.storage.StorageArea, 'get'>;
  } & Members<typeof chrome.storage, 'onChanged'>;
  i18n: Members<typeof chrome.i18n, 'getMessage' | 'getUILanguage'>;
  action: Members<typeof chrome.action, 'setBadgeText' | 'setBadgeBackgroundColor' | 'setBadgeTextColor' | 'setTitle'>;
  contextMenus: Members<typeof chrome.contextMenus, 'create' | 'update' | 'removeAll' | 'onClicked'>;
  commands: Members<typeof chrome.commands, 'onCommand'>;
  tabs: Members<typeof chrome.tabs, 'query' | 'sendMessage'>;
  windows: Members<typeof chrome.windows, 'create' | 'get' | 'remove' | 'onRemoved'>;
  /** Whether the user left the extension its host permission (both browsers let users withhold it), and asking again. */
  permissions: Members<typeof chrome.permissions, 'contains' | 'request'>;
}

/** The listener an event of ExtensionChrome takes, for fakes that fire it. */
export type ListenerOf<E extends { addListener(callback: never): void }> = Parameters<E['addListener']>[0];

/** Makes storage.local unreadable to content scripts where the browser cannot restrict it. */
export type LocalSealer = (area: chrome.storage.StorageArea) => ExtensionStorageArea;

/**
 * The background's chrome.*, chosen at run time: where storage.local cannot be closed to content scripts (Firefox
 * has no `setAccessLevel`), storage.local is the one member that differs, sealed by `seal`
 * (`sealed-storage-area.ts`); every other member is the browser's own.
 */
export function backgroundChrome(seal: LocalSealer): ExtensionChrome {
  if (typeof chrome.storage.local.setAccessLevel === 'function') return chrome;
  const { storage } = chrome;
  // Firefox's chrome global does not spread: the members ExtensionChrome names, one by one.
  return {
    runtime: chrome.runtime,
    storage: { local: seal(storage.local), session: storage.session, managed: storage.managed, onChanged: storage.onChanged },
    i18n: chrome.i18n,
    action: chrome.action,
    contextMenus: chrome.contextMenus,
    commands: chrome.commands,
    tabs: chrome.tabs,
    windows: chrome.windows,
    permissions: chrome.permissions,
  };
}

/**
 * The browser's chrome global as it is, for the popup: it keeps nothing in storage (the background does, and a
 * test holds the popup to that, `scripts/build/popup-storage.test.ts`), so it needs none of the Firefox adapter.
 */
export const browserChrome = (): ExtensionChrome => chrome;

/** chrome.* for the popup's root injector; the background's `Injector.create` has no root scope and lists it. */
export const CHROME = new InjectionToken<ExtensionChrome>('chrome', { providedIn: 'root', factory: browserChrome });
