/** The toolbar badge: signed in, signed out, dialling or a problem, always derived from the store. */
import { computed, inject, Injectable } from '@angular/core';
import { CHROME } from './platform';
import { ExtensionStore } from './extension-store';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

const PRODUCT = 'Voipcom Click-to-Dial';

@Injectable()
export class BadgeFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private shown: BadgeLook | null = null;

  readonly look = computed<BadgeLook>(() => {
    const state = this.store.state();
    const call = this.store.call();
    if (this.store.dialling()) return { text: '…', color: '#1f5ae0', title: `${PRODUCT}: calling…` };
    if (call !== null && (call.state === 'ringing_you' || call.state === 'ringing_them')) {
      const who = call.state === 'ringing_you' ? 'your phone is ringing' : `ringing ${call.destination}`;
      return { text: '…', color: '#1f5ae0', title: `${PRODUCT}: ${who}` };
    }
    if (call?.state === 'connected') return { text: '●', color: '#1a7f37', title: `${PRODUCT}: on a call with ${call.destination}` };
    if (call?.state === 'failed' && this.store.callJustEnded()) {
      return { text: '!', color: '#c62828', title: `${PRODUCT}: the call failed. ${call.message ?? ''}`.trim() };
    }
    if (call?.state === 'ended' && this.store.callJustEnded()) {
      return { text: 'end', color: '#6b7280', title: `${PRODUCT}: the call with ${call.destination} ended` };
    }
    if (state.problem) return { text: '!', color: '#c62828', title: `${PRODUCT}: ${state.problem.message}` };
    if (state.status === 'signed-out') return { text: 'off', color: '#6b7280', title: `${PRODUCT}: signed out` };
    const who = state.user ? ` as ${state.user.displayName || state.user.user}` : '';
    return { text: '✓', color: '#1a7f37', title: `${PRODUCT}: signed in${who}` };
  });

  init(): void {
    this.store.onChange(() => void this.render());
  }

  /** Applies the current look; skips the calls when nothing changed since the last render. */
  async render(): Promise<void> {
    const look = this.look();
    if (this.shown && JSON.stringify(this.shown) === JSON.stringify(look)) return;
    this.shown = look;
    await Promise.all([
      this.chrome.action.setBadgeText({ text: look.text }),
      this.chrome.action.setBadgeBackgroundColor({ color: look.color }),
      this.chrome.action.setBadgeTextColor({ color: '#ffffff' }),
      this.chrome.action.setTitle({ title: look.title }),
    ]);
  }
}
