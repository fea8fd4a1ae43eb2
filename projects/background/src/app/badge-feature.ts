/** The toolbar badge: signed in, signed out, dialling or a problem, always derived from the store. */
import { computed, inject, Injectable } from '@angular/core';
import { Catalogue } from '../../../extension/i18n/catalogue';
import { problemText } from '../../../extension/i18n/problem-text';
import { CHROME } from '../../../extension/chrome/chrome';
import { ExtensionStore } from './extension-store';
import { react } from './reaction';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

const BLUE = '#1f5ae0';
const GREEN = '#1a7f37';
const RED = '#c62828';
const GREY = '#6b7280';

@Injectable()
export class BadgeFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly texts = inject(Catalogue);

  readonly look = computed<BadgeLook>(
    () => {
      const state = this.store.state();
      const call = this.store.call();
      const look = (text: string, color: string, what: string): BadgeLook => ({
        text,
        color,
        title: this.texts.text('badgeTitle', this.texts.text('extName'), what),
      });
      if (this.store.dialling()) return look('…', BLUE, this.texts.text('badgeCalling'));
      // A problem to read (no number selected, a refused dial) wins over a call that goes on meanwhile.
      if (state.problem) return look('!', RED, problemText(this.texts, state.problem));
      if (call?.state === 'ringing_you') return look('…', BLUE, this.texts.text('badgeYourPhoneRinging'));
      if (call?.state === 'ringing_them') return look('…', BLUE, this.texts.text('badgeRingingThem', call.destination));
      if (call?.state === 'connected') return look('●', GREEN, this.texts.text('badgeOnCall', call.destination));
      const ended = this.store.endedCall();
      if (ended?.state === 'failed') return look('!', RED, this.texts.text('badgeCallFailed'));
      if (ended) return look(this.texts.text('badgeTextEnded'), GREY, this.texts.text('badgeCallEnded', ended.destination));
      if (state.status === 'signed-out') return look(this.texts.text('badgeTextSignedOut'), GREY, this.texts.text('badgeSignedOut'));
      const name = state.user ? state.user.displayName || state.user.user : null;
      return look('✓', GREEN, name === null ? this.texts.text('badgeSignedIn') : this.texts.text('badgeSignedInAs', name));
    },
    { equal: (a, b) => a.text === b.text && a.color === b.color && a.title === b.title },
  );

  /** Call once the state is loaded: from then on every change of the look is applied (and only a change). */
  init(): void {
    react(() => void this.render(this.look()));
  }

  private async render(look: BadgeLook): Promise<void> {
    await Promise.all([
      this.chrome.action.setBadgeText({ text: look.text }),
      this.chrome.action.setBadgeBackgroundColor({ color: look.color }),
      this.chrome.action.setBadgeTextColor({ color: '#ffffff' }),
      this.chrome.action.setTitle({ title: look.title }),
    ]);
  }
}
