/** The browser edges the background touches besides chrome.* (CHROME, extension/chrome/chrome.ts), as injection tokens so specs can replace them with fakes. */
import { InjectionToken, type Provider } from '@angular/core';
import { browserChrome, CHROME } from '../../../extension/chrome/chrome';

/** fetch (an unbound fetch throws "Illegal invocation", hence the factory). */
export const FETCH = new InjectionToken<typeof fetch>('fetch');

/** Whether the browser believes it is online; false means requests cannot leave the machine. */
export const IS_ONLINE = new InjectionToken<() => boolean>('isOnline');

/** The clock, for the time stamps of dial outcomes. */
export const NOW = new InjectionToken<() => number>('now');

/** The real browser behind the tokens. */
export const PLATFORM_PROVIDERS: Provider[] = [
  { provide: CHROME, useFactory: browserChrome },
  { provide: FETCH, useFactory: () => fetch.bind(globalThis) },
  { provide: IS_ONLINE, useValue: () => navigator.onLine },
  { provide: NOW, useValue: () => Date.now() },
];
