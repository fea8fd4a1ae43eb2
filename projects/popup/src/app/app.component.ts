/** Root of the popup: header, notices, and the sign-in, dial or settings view for the current state. */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { problemText } from '../../../extension/i18n/problem-text';
import { DialPanelComponent } from './dial-panel.component';
import { HostAccessNoticeComponent } from './host-access-notice.component';
import { LogoComponent } from './logo.component';
import { PolicyNoticeComponent } from './policy-notice.component';
import { PopupStore } from './popup-store';
import { SettingsPanelComponent } from './settings-panel.component';
import { SignInComponent } from './sign-in.component';
import { localisePage, TextPipe, TEXTS } from './texts';

@Component({
  selector: 'vc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DialPanelComponent, HostAccessNoticeComponent, LogoComponent, PolicyNoticeComponent, SettingsPanelComponent, SignInComponent, TextPipe],
  template: `
    <header class="bar">
      <vc-logo />
      <div class="brand">
        <h1 class="brand-name">{{ 'extShortName' | text }}</h1>
        <p class="brand-sub">{{ subtitle() }}</p>
      </div>
      @if (store.signedIn()) {
        <button
          type="button"
          class="icon-btn"
          [attr.aria-label]="'settings' | text"
          aria-controls="view"
          [attr.aria-pressed]="showSettings()"
          (click)="showSettings.set(!showSettings())"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
            <path
              fill="currentColor"
              d="M19.14 12.94a7.07 7.07 0 0 0 0-1.88l2.03-1.58a.49.49 0 0 0 .12-.61l-1.92-3.32a.49.49 0 0 0-.59-.22l-2.39.96a7.04 7.04 0 0 0-1.62-.94l-.36-2.54a.48.48 0 0 0-.48-.41h-3.84a.48.48 0 0 0-.48.41l-.36 2.54c-.59.24-1.13.56-1.62.94l-2.39-.96a.49.49 0 0 0-.59.22L2.71 8.87a.48.48 0 0 0 .12.61l2.03 1.58a7.07 7.07 0 0 0 0 1.88l-2.03 1.58a.49.49 0 0 0-.12.61l1.92 3.32c.12.22.37.29.59.22l2.39-.96c.5.38 1.03.7 1.62.94l.36 2.54c.05.24.24.41.48.41h3.84c.24 0 .44-.17.47-.41l.36-2.54c.59-.24 1.13-.56 1.62-.94l2.39.96c.22.08.47 0 .59-.22l1.92-3.32a.49.49 0 0 0-.12-.61l-2.01-1.58zM12 15.6A3.6 3.6 0 1 1 12 8.4a3.6 3.6 0 0 1 0 7.2z"
            />
          </svg>
        </button>
      }
    </header>

    <main id="view" class="content">
      <vc-site-access />
      @if (state()?.policyNotice; as notice) {
        <vc-policy-notice [notice]="notice" (dismissed)="store.dismissPolicyNotice($event)" />
      }

      @if (problem(); as text) {
        <p class="message message-error" role="alert">{{ text }}</p>
      }

      @if (!state()) {
        @if (store.loadError(); as error) {
          <div class="card stack">
            <p class="message message-error" role="alert">{{ loadErrorText() }}</p>
            <button type="button" class="btn btn-secondary" (click)="store.load()">{{ 'tryAgain' | text }}</button>
          </div>
        } @else {
          <p class="loading" aria-live="polite">{{ 'checkingSignIn' | text }}</p>
        }
      } @else if (!store.signedIn()) {
        <vc-sign-in />
      } @else if (showSettings()) {
        <vc-settings-panel (done)="showSettings.set(false)" />
      } @else {
        <vc-dial-panel />
      }
    </main>

    @if (store.signedIn() && !showSettings()) {
      <footer class="foot">
        <span class="who">{{ signedInAs.before }}<strong>{{ userName() }}</strong>{{ signedInAs.after }}</span>
        <button type="button" class="btn btn-quiet btn-small" (click)="store.signOut()">{{ 'signOut' | text }}</button>
      </footer>
    }
  `,
})
export class AppComponent {
  protected readonly store = inject(PopupStore);
  private readonly texts = inject(TEXTS);
  protected readonly showSettings = signal(false);
  protected readonly state = this.store.state;
  protected readonly signedInAs = this.texts.around('signedInAs');

  protected readonly problem = computed(() => {
    const problem = this.state()?.problem;
    return problem ? problemText(this.texts, problem) : null;
  });
  protected readonly loadErrorText = computed(() => {
    const error = this.store.loadError();
    return error ? problemText(this.texts, error) : '';
  });
  protected readonly userName = computed(() => {
    const user = this.state()?.user;
    return user ? user.displayName || user.user : this.texts.text('yourAccount');
  });
  protected readonly subtitle = computed(() => {
    const user = this.state()?.user;
    if (!this.store.signedIn()) return this.texts.text('subtitleSignedOut');
    return user ? `${user.user}@${user.domain}` : this.texts.text('subtitleSignedIn');
  });

  constructor() {
    localisePage();
    void this.store.load();
  }
}
