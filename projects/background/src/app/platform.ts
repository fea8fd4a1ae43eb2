/** The browser edges the background touches besides chrome.* (CHROME, extension/chrome/chrome.ts), as injection tokens so specs can replace them with fakes. */
import { InjectionToken, type Provider } from '@angular/core';
import { backgroundChrome, CHROME, type ExtensionStorageArea } from '../../../extension/chrome/chrome';

/** fetch (an unbound fetch throws "Illegal invocation", hence the factory). */
export const FETCH = new InjectionToken<typeof fetch>('fetch');

/** Whether the browser believes it is online; false means requests cannot leave the machine. */
export const IS_ONLINE = new InjectionToken<() => boolean>('isOnline');

/** The clock, for the time stamps of dial outcomes. */
export const NOW = new InjectionToken<() => number>('now');

/**
 * storage.local sealed (Firefox: `sealed-storage-area.ts`), its code loaded on first use, so Chrome, where the
 * browser itself closes storage.local to content scripts, never loads it.
 */
function sealLater(area: chrome.storage.StorageArea): ExtensionStorageArea {
  let sealed: Promise<ExtensionStorageArea> | undefined;
  const open = (): Promise<ExtensionStorageArea> =>
    (sealed ??= import('../../../extension/chrome/sealed-storage-area').then((module) => module.sealedStorageArea(area)));
  return {
    setAccessLevel: async () => undefined,
    get: async (keys?: string | string[] | Record<string, unknown>) => (await open()).get(keys),
    set: async (items: Record<string, unknown>) => (await open()).set(items),
    remove: async (keys: string | string[]) => (await open()).remove(keys),
  };
}

/** The real browser behind the tokens. */
export const PLATFORM_PROVIDERS: Provider[] = [
  { provide: CHROME, useFactory: () => backgroundChrome(sealLater) },
  { provide: FETCH, useFactory: () => fetch.bind(globalThis) },
  { provide: IS_ONLINE, useValue: () => navigator.onLine },
  { provide: NOW, useValue: () => Date.now() },
];
