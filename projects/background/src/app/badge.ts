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
    if (this.store.dialling()) return { text: '…', color: '#1f5ae0', title: `${PRODUCT}: calling…` };
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
