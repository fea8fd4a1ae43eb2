/**
 * chrome.* as the extension sees it: the members it uses, typed by `chrome-types` (generated from Chromium's own
 * API definitions), behind one injection token, so a fake handed in by a spec must match Chromium's signatures.
 * On Firefox the same token holds the one adapter the extension needs there (`browserChrome`).
 */
import { InjectionToken } from '@angular/core';
import { sealedStorageArea } from './sealed-storage-area';

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

/**
 * The browser's chrome global, read only when something injects it (specs that provide a fake never touch it).
 * Chosen at run time: where storage.local cannot be closed to content scripts (Firefox has no `setAccessLevel`),
 * the extension gets it sealed (`sealed-storage-area.ts`); every other member is the browser's own.
 */
export const browserChrome = (): ExtensionChrome => {
  if (typeof chrome.storage.local.setAccessLevel === 'function') return chrome;
  return firefoxChrome(chrome);
};

/** The members ExtensionChrome names, one by one (Firefox's chrome global does not spread), with storage.local sealed. */
function firefoxChrome(browser: typeof chrome): ExtensionChrome {
  const { storage } = browser;
  return {
    runtime: browser.runtime,
    storage: { local: sealedStorageArea(storage.local), session: storage.session, managed: storage.managed, onChanged: storage.onChanged },
    i18n: browser.i18n,
    action: browser.action,
    contextMenus: browser.contextMenus,
    commands: browser.commands,
    tabs: browser.tabs,
    windows: browser.windows,
    permissions: browser.permissions,
  };
}

/** chrome.* for the popup's root injector; the background's `Injector.create` has no root scope and lists it. */
export const CHROME = new InjectionToken<ExtensionChrome>('chrome', { providedIn: 'root', factory: browserChrome });
