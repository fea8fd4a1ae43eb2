/** The confirmation window's token, from its address (`popup.html?confirm=<token>`); null in the toolbar popup. */
import { InjectionToken } from '@angular/core';

export function confirmationTokenIn(search: string): string | null {
  return new URLSearchParams(search).get('confirm');
}

export const CONFIRMATION_TOKEN = new InjectionToken<string | null>('confirmation token', {
  providedIn: 'root',
  factory: () => confirmationTokenIn(location.search),
});
