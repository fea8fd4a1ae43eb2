/** Sign-in: username and password, then a passcode when the account uses multi-factor authentication. */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { MessageError } from '@voipcom/shared';
import { PASSCODE_PATTERN } from '../../../shared/src/lib/contract/patterns';
import { focusLater } from './focus-later';
import { PopupStore } from './popup-store';
import { ProblemPipe, TextPipe } from './texts';

@Component({
  selector: 'vc-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemPipe, TextPipe],
  template: `
    <form class="card stack" (submit)="submit($event)" aria-labelledby="sign-in-title" novalidate>
      <div>
        <h2 id="sign-in-title" class="title">{{ 'signIn' | text }}</h2>
        <p class="muted">{{ 'signInIntro' | text }}</p>
      </div>

      <div class="field">
        <label for="username">{{ 'username' | text }}</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="off"
          spellcheck="false"
          required
          [attr.placeholder]="(domain() ? 'usernamePlaceholderShort' : 'usernamePlaceholder') | text"
          [attr.aria-describedby]="domain() ? 'username-hint' : null"
          [value]="username()"
          [readOnly]="busy()"
          (input)="username.set(valueOf($event))"
        />
        @if (domain(); as domain) {
          <p id="username-hint" class="hint">
            @if (completed(); as completed) {
              {{ 'usernameCompleted' | text: completed }}
            } @else {
              {{ 'usernameDomainHint' | text: domain }}
            }
          </p>
        }
      </div>

      <div class="field">
        <label for="password">{{ 'password' | text }}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          [value]="password()"
          [readOnly]="busy()"
          (input)="password.set(valueOf($event))"
        />
      </div>

      @if (needsPasscode()) {
        <div class="field">
          <label for="passcode">{{ 'passcode' | text }}</label>
          <input
            id="passcode"
            name="passcode"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="10"
            required
            aria-describedby="passcode-hint"
            [value]="passcode()"
            [readOnly]="busy()"
            (input)="passcode.set(valueOf($event))"
          />
          <p id="passcode-hint" class="hint">{{ 'passcodeHint' | text }}</p>
        </div>
      }

      @if (error(); as error) {
        <p class="message message-error" role="alert">{{ passcodeRefused() ? ('passcodeWrong' | text) : (error | problem) }}</p>
      }

      <button type="submit" class="btn btn-primary" [disabled]="!canSubmit()">
        {{ (busy() ? 'signingIn' : needsPasscode() ? 'verifyAndSignIn' : 'signIn') | text }}
      </button>

      <p class="fine-print">
        {{ 'passwordNotice' | text }}
        @if (store.policyUrl(); as url) {
          <a class="link" [href]="url" target="_blank" rel="noopener">{{ 'privacyPolicy' | text }}</a>
        }
      </p>
    </form>
  `,
})
export class SignInComponent {
  protected readonly store = inject(PopupStore);
  private readonly focus = focusLater();

  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly passcode = signal('');
  protected readonly needsPasscode = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<MessageError | null>(null);
  /** The policy in force, as the Worker names it (GET /v1/policy through the background). */

  /** The organisation's username domain: "1001" is sent as "1001@<domain>". */
  protected readonly domain = computed(() => this.store.state()?.managed.usernameDomain ?? null);
  /** The username as it will be sent, when the domain completes it; null otherwise. */
  protected readonly completed = computed(() => {
    const typed = this.username().trim();
    const domain = this.domain();
    return domain !== null && typed !== '' && !typed.includes('@') ? `${typed}@${domain}` : null;
  });

  private readonly passcodeValid = computed(() => PASSCODE_PATTERN.test(this.passcode().trim()));
  /** Not tied to `busy`: a button disabled while focused would drop keyboard focus to the page. */
  protected readonly canSubmit = computed(
    () => this.username().trim() !== '' && this.password() !== '' && (!this.needsPasscode() || this.passcodeValid()),
  );

  /** After a passcode was sent, a refusal is about the passcode, not the password. */
  protected readonly passcodeRefused = computed(() => {
    const code = this.error()?.code;
    return this.needsPasscode() && (code === 'invalid_credentials' || code === 'mfa_required');
  });

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canSubmit() || this.busy()) return;
    this.busy.set(true);
    const passcode = this.needsPasscode() ? this.passcode().trim() : undefined;
    const username = this.completed() ?? this.username().trim();
    const error = await this.store.signIn(username, this.password(), passcode);
    this.busy.set(false);
    if (error?.code === 'mfa_required' && !this.needsPasscode()) {
      this.needsPasscode.set(true);
      this.error.set(null);
      this.focus('#passcode');
      return;
    }
    this.error.set(error);
    if (error && passcode) this.passcode.set('');
  }
}
