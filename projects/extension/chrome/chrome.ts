/**
 * chrome.* as the extension sees it: the members it uses, typed by `chrome-types` (generated from Chromium's own
 * API definitions), behind one injection token, so a fake handed in by a spec must match Chromium's signatures.
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
}

/** The listener an event of ExtensionChrome takes, for fakes that fire it. */
export type ListenerOf<E extends { addListener(callback: never): void }> = Parameters<E['addListener']>[0];

/** The browser's chrome global, read only when something injects it (specs that provide a fake never touch it). */
export const browserChrome = (): ExtensionChrome => chrome;

/** chrome.* for the popup's root injector; the background's `Injector.create` has no root scope and lists it. */
export const CHROME = new InjectionToken<ExtensionChrome>('chrome', { providedIn: 'root', factory: browserChrome });
