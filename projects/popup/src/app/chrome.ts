/** The chrome.* API as an injection token, so specs can hand the popup a fake. */
import { InjectionToken } from '@angular/core';

export const CHROME = new InjectionToken<typeof chrome>('chrome', { providedIn: 'root', factory: () => chrome });
