/**
 * The confirmation window: a number a page offered (tel: link, highlighted number) is dialled only from here.
 * It is an extension page in a window of its own, so no page can see, cover, restyle or click it; the Call
 * button arms itself after a moment, so a click or key press meant for the page cannot land on it by surprise.
 */
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  type OnDestroy,
} from '@angular/core';
import type { MessageError, PendingDial } from '@voipcom/shared';
import type { MessageKey } from '../../../extension/i18n/catalogue';
import { problemText } from '../../../extension/i18n/problem-text';
import { BackgroundClient } from './background-client';
import { CONFIRMATION_TOKEN } from './confirmation-token';
import { focusLater } from './focus-later';
import { regionOf, spacedE164 } from './phone-preview';
import { localisePage, TextPipe, TEXTS } from './texts';

/** How long the Call button stays disabled after the window opens: longer than a double click or a key repeat. */
export const ARM_DELAY_MS = 600;
/** How long the "ringing" message stays before the window closes itself. */
export const CLOSE_AFTER_PLACED_MS = 1_500;

type Phase = 'loading' | 'asking' | 'calling' | 'placed' | 'failed';

const ORIGIN_TEXT: Record<PendingDial['source'], MessageKey> = { 'tel-link': 'originTelLink', highlight: 'originHighlight' };

@Component({
  selector: 'vc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TextPipe],
  host: { class: 'confirm-window', '(document:keydown)': 'onKey($event)' },
  template: `
    <header class="bar">
      <img class="logo" src="icons/icon-32.png" alt="" width="28" height="28" />
      <div class="brand">
        <h1 class="brand-name">{{ 'extShortName' | text }}</h1>
        <p class="brand-sub">{{ 'confirmSubtitle' | text }}</p>
      </div>
    </header>
    <main class="content" aria-live="polite">
      @switch (phase()) {
        @case ('loading') {
          <p class="loading">{{ 'loading' | text }}</p>
        }
        @case ('failed') {
          <div class="card stack">
            <p class="message message-error" role="alert">{{ errorText() }}</p>
            <button type="button" class="btn btn-secondary" (click)="close()">{{ 'close' | text }}</button>
          </div>
        }
        @case ('placed') {
          <p class="message message-ok">
            {{ ringing.before }}<span class="number">{{ formatted() }}</span>{{ ringing.after }}
          </p>
        }
        @default {
          <section class="card stack" aria-labelledby="confirm-title">
            <h2 id="confirm-title" class="title">{{ 'confirmTitle' | text }}</h2>
            <p class="confirm-number number">{{ formatted() }}</p>
            @if (pending()?.extension; as extension) {
              <p class="confirm-extension">{{ 'confirmExtension' | text: extension }}</p>
            }
            <p class="hint">{{ origin() }}</p>
            <div class="row">
              <button type="button" class="btn btn-secondary" (click)="cancel()">{{ 'cancel' | text }}</button>
              <button
                type="button"
                class="btn btn-primary btn-dial"
                [disabled]="!armed() || phase() === 'calling'"
                (click)="call()"
              >
                {{ (phase() === 'calling' ? 'calling' : 'call') | text }}
              </button>
            </div>
          </section>
        }
      }
    </main>
  `,
})
export class ConfirmDialComponent implements OnDestroy {
  private readonly background = inject(BackgroundClient);
  private readonly texts = inject(TEXTS);
  private readonly token = inject(CONFIRMATION_TOKEN) ?? '';
  private readonly focus = focusLater();
  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  protected readonly phase = signal<Phase>('loading');
  protected readonly armed = signal(false);
  protected readonly pending = signal<PendingDial | null>(null);
  private readonly error = signal<MessageError | null>(null);
  protected readonly ringing = this.texts.around('callRingingYou');

  /** The number as it will be dialled: E.164 with its calling code set apart. */
  protected readonly formatted = computed(() => spacedE164(this.pending()?.number ?? ''));
  protected readonly origin = computed(() => {
    const pending = this.pending();
    if (pending === null) return '';
    const region = regionOf(pending.number);
    const from = this.texts.text(ORIGIN_TEXT[pending.source], pending.site);
    return region ? this.texts.text('countryAndOrigin', this.texts.country(region), from) : from;
  });
  protected readonly errorText = computed(() => {
    const error = this.error();
    return error ? problemText(this.texts, error) : '';
  });

  constructor() {
    localisePage();
    void this.load();
  }

  ngOnDestroy(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
  }

  protected async call(): Promise<void> {
    if (!this.armed() || this.phase() !== 'asking') return;
    this.phase.set('calling');
    const reply = await this.background.confirmDial(this.token);
    if (reply.ok && reply.data.placed) {
      this.phase.set('placed');
      this.later(CLOSE_AFTER_PLACED_MS, () => this.close());
    } else {
      this.fail(reply.ok ? (reply.data.error ?? null) : reply.error);
    }
  }

  protected async cancel(): Promise<void> {
    await this.background.cancelDial(this.token);
    this.close();
  }

  protected close(): void {
    window.close();
  }

  protected onKey(event: KeyboardEvent): void {
    // A key held down since before the window opened repeats: it is not a decision about this call.
    if (event.repeat) event.preventDefault();
    else if (event.key === 'Escape') void this.cancel();
  }

  private async load(): Promise<void> {
    const reply = await this.background.pendingDial(this.token);
    if (!reply.ok) return this.fail(reply.error);
    this.pending.set(reply.data);
    this.phase.set('asking');
    this.later(ARM_DELAY_MS, () => {
      this.armed.set(true);
      // Keyboard users confirm with Enter or Space once the button is armed and focused.
      this.focus('.btn-dial');
    });
  }

  private fail(error: MessageError | null): void {
    this.error.set(error ?? { code: 'internal_error', message: 'The call was not placed.' });
    this.phase.set('failed');
  }

  private later(ms: number, run: () => void): void {
    this.timers.push(setTimeout(run, ms));
  }
}
