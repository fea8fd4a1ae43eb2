/**
 * The confirmation window: every number from a page (tel: link, highlighted number, right-click item, shortcut)
 * is dialled only from here. It is an extension page in a window of its own, so no page can see, cover, restyle or
 * click it. Call is not focused, and arms only once the window has had no key or pointer input for a moment (and
 * the Worker said what the number is and whether the user's phone will ring); only a press that began after that counts, so typing or clicking that began
 * for the page cannot land on it.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal, type OnDestroy } from '@angular/core';
import type { FirstLegWarning, MessageError, NumberDescription, PendingDial } from '@voipcom/shared';
import type { MessageKey } from '../../../extension/i18n/catalogue';
import { firstLegText } from '../../../extension/i18n/rule-texts';
import { BackgroundClient } from './background-client';
import { CONFIRMATION_TOKEN } from './confirmation-token';
import { focusLater } from './focus-later';
import { spacedE164 } from './phone-preview';
import { localisePage, ProblemPipe, TextPipe, TEXTS } from './texts';

/**
 * How long the window must have had no key and no pointer input before Call arms: longer than a double click, a key
 * repeat or the gap between a typist's keys; every input starts the wait again.
 */
export const ARM_DELAY_MS = 600;
/** The inputs that restart the wait (a held key's repeats and a moving pointer included). */
const INPUT_EVENTS = ['keydown', 'keyup', 'pointerdown', 'pointerup', 'pointermove', 'wheel'] as const;
/** How long the "ringing" message stays before the window closes itself. */
export const CLOSE_AFTER_PLACED_MS = 1_500;

type Phase = 'loading' | 'asking' | 'calling' | 'placed' | 'failed';

/** Where the number came from, by source: [on the tab's site, in a frame of another site] (the shortcut names no frame). */
const ORIGIN_TEXT: Record<PendingDial['source'], [MessageKey, MessageKey]> = {
  'tel-link': ['originTelLink', 'originTelLinkFrame'],
  highlight: ['originHighlight', 'originHighlightFrame'],
  'context-menu': ['originContextMenu', 'originContextMenuFrame'],
  shortcut: ['originShortcut', 'originShortcut'],
};

@Component({
  selector: 'vc-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemPipe, TextPipe],
  host: { class: 'confirm-window' },
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
            @if (error(); as error) {
              <p class="message message-error" role="alert">{{ error | problem }}</p>
            }
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
            <p class="hint confirm-origin">{{ origin() }}</p>
            @if (international()) {
              <p class="message message-muted confirm-international">{{ 'internationalCall' | text }}</p>
            }
            @if (refusal(); as refused) {
              <p class="message message-error confirm-refusal" role="alert">{{ refused | problem }}</p>
            }
            <!-- Three warnings at most (do-not-disturb, forwarding, the phones): no @for, whose repeater costs the bundle ~5 KB. -->
            @if (warnings()[0]; as warning) {
              <p class="message message-error confirm-first-leg">{{ warning }}</p>
            }
            @if (warnings()[1]; as warning) {
              <p class="message message-error confirm-first-leg">{{ warning }}</p>
            }
            @if (warnings()[2]; as warning) {
              <p class="message message-error confirm-first-leg">{{ warning }}</p>
            }
            <div class="row">
              <button type="button" class="btn btn-secondary btn-cancel" (click)="cancel()">{{ 'cancel' | text }}</button>
              <button
                type="button"
                class="btn btn-primary btn-dial"
                [disabled]="!armed() || phase() === 'calling'"
                (click)="call()"
              >
                {{ (phase() === 'calling' ? 'calling' : warnings().length > 0 ? 'callAnyway' : 'call') | text }}
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
  private closeTimer?: ReturnType<typeof setTimeout>;

  protected readonly phase = signal<Phase>('loading');
  /**
   * Quiet long enough, the number described and the first leg read (each answered, or the Worker unreachable: the
   * background gives up after a few seconds), and the Worker would dial it. Warnings are shown first, never block.
   */
  protected readonly armed = computed(
    () => this.quiet() && this.described() !== undefined && this.firstLeg() !== undefined && this.refusal() === null,
  );
  private readonly quiet = signal(false);
  /** The Worker's reading of the number: undefined while asked, null when it could not be asked (it checks again at dial). */
  private readonly described = signal<NumberDescription | null | undefined>(undefined);
  /** Will the user's phone ring (the Worker's first-leg warnings)? undefined while asked, [] when it could not be asked. */
  private readonly firstLeg = signal<FirstLegWarning[] | undefined>(undefined);
  protected readonly warnings = computed(() => (this.firstLeg() ?? []).map((warning) => firstLegText(this.texts, warning)));
  /** Whether the press under way (its pointerdown, or its Enter/Space keydown) began with Call armed. */
  private pressBeganArmed = false;
  private quietTimer?: ReturnType<typeof setTimeout>;
  private readonly listening = new AbortController();
  protected readonly pending = signal<PendingDial | null>(null);
  protected readonly error = signal<MessageError | null>(null);
  protected readonly ringing = this.texts.around('callRingingYou');

  /** The number as it will be dialled: E.164 with its calling code set apart. */
  protected readonly formatted = computed(() => spacedE164(this.pending()?.number ?? ''));
  private readonly country = computed(() => this.described()?.country ?? null);
  protected readonly origin = computed(() => {
    const pending = this.pending();
    if (pending === null) return '';
    const [onSite, inFrame] = ORIGIN_TEXT[pending.source];
    const from =
      pending.frameSite === null ? this.texts.text(onSite, pending.site) : this.texts.text(inFrame, pending.frameSite, pending.site);
    const country = this.country();
    if (this.described() === undefined) return from;
    return this.texts.text('countryAndOrigin', country === null ? this.texts.text('countryUnknown') : this.texts.country(country), from);
  });
  /** A number of another country than the user's default one (as the Worker reads it). */
  protected readonly international = computed(() => this.country() !== null && this.country() !== this.pending()?.defaultCountry);
  /**
   * Why the Worker would refuse the number (the service's or the organisation's rule, as the dial would say it),
   * said before Call could be pressed; null when it would dial it.
   */
  protected readonly refusal = computed(() => {
    const described = this.described();
    if (!described || described.dialable) return null;
    const refusal: MessageError = described.refusal
      ? { code: 'number_not_allowed', message: '', refusal: described.refusal }
      : { code: 'invalid_number', message: '' };
    return refusal;
  });

  constructor() {
    localisePage();
    const options = { capture: true, signal: this.listening.signal };
    for (const type of INPUT_EVENTS) document.addEventListener(type, (event) => this.input(event), options);
    void this.load();
  }

  ngOnDestroy(): void {
    clearTimeout(this.closeTimer);
    clearTimeout(this.quietTimer);
    this.listening.abort();
  }

  protected async call(): Promise<void> {
    // A click whose press began before Call was armed (a pointer held down, an Enter from the page) is not a decision.
    const began = this.pressBeganArmed;
    this.pressBeganArmed = false;
    if (!began || !this.armed() || this.phase() !== 'asking') return;
    this.phase.set('calling');
    const reply = await this.background.confirmDial(this.token);
    if (reply.ok && reply.data.placed) {
      this.phase.set('placed');
      this.closeTimer = setTimeout(() => this.close(), CLOSE_AFTER_PLACED_MS);
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

  /** Every key and pointer input: until Call is armed it starts the quiet wait again; a press records whether it began armed. */
  private input(event: Event): void {
    const repeat = event instanceof KeyboardEvent && event.repeat;
    // A held key's repeats are never a decision about this call, whatever has the focus.
    if (repeat) event.preventDefault();
    if (event.type === 'pointerdown' || event.type === 'keydown') this.pressBeganArmed = this.armed() && !repeat;
    if (event instanceof KeyboardEvent && event.type === 'keydown' && event.key === 'Escape' && !repeat) void this.cancel();
    if (!this.armed()) this.waitForQuiet();
  }

  private waitForQuiet(): void {
    this.quiet.set(false);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.quiet.set(true), ARM_DELAY_MS);
  }

  private async load(): Promise<void> {
    this.waitForQuiet();
    const reply = await this.background.pendingDial(this.token);
    if (!reply.ok) return this.fail(reply.error);
    this.pending.set(reply.data);
    this.phase.set('asking');
    // Cancel has the focus, Call never at first: a stray Enter or Space can only decline.
    this.focus('.btn-cancel');
    // Both asked while Call is not armed; an unreachable Worker leaves the country unknown, no warning, and the call possible.
    void this.background.firstLeg().then((reply) => this.firstLeg.set(reply.ok ? reply.data : []));
    const described = await this.background.describePendingDial(this.token);
    this.described.set(described.ok ? described.data : null);
  }

  private fail(error: MessageError | null): void {
    this.error.set(error ?? { code: 'internal_error', message: 'The call was not placed.' });
    this.phase.set('failed');
  }
}
