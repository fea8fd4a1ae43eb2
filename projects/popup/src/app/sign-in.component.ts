/** Sign-in: username and password, then a passcode when the account uses multi-factor authentication. */
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import type { MessageError } from '@voipcom/shared';
import { PopupStore } from './popup-store';
import { problemText } from './problem-text';
import { PRIVACY_POLICY_URL } from './privacy-policy-url';

@Component({
  selector: 'vc-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card stack" (submit)="submit($event)" aria-labelledby="sign-in-title" novalidate>
      <div>
        <h2 id="sign-in-title" class="title">Sign in</h2>
        <p class="muted">Use your Voipcom phone system account.</p>
      </div>

      <div class="field">
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="off"
          spellcheck="false"
          placeholder="1001@yourcompany"
          required
          [value]="username()"
          [readOnly]="busy()"
          (input)="username.set(valueOf($event))"
        />
      </div>

      <div class="field">
        <label for="password">Password</label>
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
          <label for="passcode">Passcode</label>
          <input
            #passcodeInput
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
          <p id="passcode-hint" class="hint">Your account asks for a second step: enter the code from your authenticator app.</p>
        </div>
      }

      @if (errorText(); as text) {
        <p class="message message-error" role="alert">{{ text }}</p>
      }

      <button type="submit" class="btn btn-primary" [disabled]="!canSubmit()">
        {{ busy() ? 'Signing in…' : needsPasscode() ? 'Verify and sign in' : 'Sign in' }}
      </button>

      <p class="fine-print">
        Your password goes only to Voipcom’s sign-in service and is not stored.
        <a class="link" [href]="privacyPolicyUrl" target="_blank" rel="noopener">Privacy policy</a>
      </p>
    </form>
  `,
})
export class SignInComponent {
  private readonly store = inject(PopupStore);
  private readonly injector = inject(Injector);
  private readonly passcodeInput = viewChild<ElementRef<HTMLInputElement>>('passcodeInput');

  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly passcode = signal('');
  protected readonly needsPasscode = signal(false);
  protected readonly busy = signal(false);
  private readonly error = signal<MessageError | null>(null);
  protected readonly privacyPolicyUrl = PRIVACY_POLICY_URL;

  private readonly passcodeValid = computed(() => /^\d{4,10}$/.test(this.passcode().trim()));
  /** Not tied to `busy`: a button disabled while focused would drop keyboard focus to the page. */
  protected readonly canSubmit = computed(
    () =>
      this.username().trim() !== '' &&
      this.password() !== '' &&
      (!this.needsPasscode() || this.passcodeValid()),
  );

  protected readonly errorText = computed(() => {
    const error = this.error();
    if (!error) return null;
    // After a passcode was sent, a refusal is about the passcode, not the password.
    if (this.needsPasscode() && (error.code === 'invalid_credentials' || error.code === 'mfa_required')) {
      return 'That passcode isn’t right. Check your authenticator app and try again.';
    }
    return problemText(error);
  });

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canSubmit() || this.busy()) return;
    this.busy.set(true);
    const passcode = this.needsPasscode() ? this.passcode().trim() : undefined;
    const error = await this.store.signIn(this.username().trim(), this.password(), passcode);
    this.busy.set(false);
    if (error?.code === 'mfa_required' && !this.needsPasscode()) {
      this.needsPasscode.set(true);
      this.error.set(null);
      afterNextRender(() => this.passcodeInput()?.nativeElement.focus(), { injector: this.injector });
      return;
    }
    this.error.set(error);
    if (error && passcode) this.passcode.set('');
  }
}
