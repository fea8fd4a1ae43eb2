/** Root of the popup: header, notices, and the sign-in, dial or settings view for the current state. */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { DialPanelComponent } from './dial-panel.component';
import { HostAccessNoticeComponent } from './host-access-notice.component';
import { PolicyNoticeComponent } from './policy-notice.component';
import { PopupStore } from './popup-store';
import { SettingsPanelComponent } from './settings-panel.component';
import { SignInComponent } from './sign-in.component';
import { localisePage, ProblemPipe, TextPipe, TEXTS } from './texts';

@Component({
  selector: 'vc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DialPanelComponent,
    HostAccessNoticeComponent,
    PolicyNoticeComponent,
    SettingsPanelComponent,
    SignInComponent,
    ProblemPipe,
    TextPipe,
  ],
  template: `
    <header class="bar">
      <img class="logo" src="icons/icon-32.png" alt="" width="28" height="28" />
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
          <span class="icon-gear" aria-hidden="true"></span>
        </button>
      }
    </header>

    <main id="view" class="content">
      <vc-site-access />
      @if (state()?.policyNotice; as notice) {
        <vc-policy-notice [notice]="notice" (dismissed)="store.dismissPolicyNotice($event)" />
      }

      @if (state()?.problem; as problem) {
        <p class="message message-error" role="alert">{{ problem | problem }}</p>
        @if (unreachable()) {
          <button type="button" class="btn btn-secondary btn-small" [disabled]="retrying()" (click)="retry()">{{ 'tryAgain' | text }}</button>
        }
      }

      @if (!state()) {
        @if (store.loadError(); as error) {
          <div class="card stack">
            <p class="message message-error" role="alert">{{ error | problem }}</p>
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
  protected readonly retrying = signal(false);
  /** Voipcom could not be reached (or the browser is offline): the problem line offers to try again. */
  protected readonly unreachable = computed(() => ['offline', 'worker_unreachable'].includes(this.state()?.problem?.code ?? ''));
  protected readonly state = this.store.state;
  protected readonly signedInAs = this.texts.around('signedInAs');

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

  protected async retry(): Promise<void> {
    this.retrying.set(true);
    await this.store.refresh();
    this.retrying.set(false);
  }
}
