/** The current call: its state in words, the number, a timer once connected, and the one button that ends it. */
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import type { CallProgress, CallReason, MessageError } from '@voipcom/shared';
import type { Catalogue, MessageKey } from '../../../extension/i18n/catalogue';
import { spacedE164 } from './phone-preview';
import { PopupStore } from './popup-store';
import { ProblemPipe, TextPipe, TEXTS } from './texts';

/** "2:05", "1:02:05": minutes and seconds, hours when there are some, with the digits of `locale`. */
export function callDuration(ms: number, locale: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const one = new Intl.NumberFormat(locale, { useGrouping: false });
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  return hours > 0 ? `${one.format(hours)}:${two.format(minutes)}:${two.format(seconds)}` : `${one.format(minutes)}:${two.format(seconds)}`;
}

@Component({
  selector: 'vc-call-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemPipe, TextPipe],
  template: `
    @if (call(); as call) {
      <section [className]="live() ? 'card stack call call-live' : 'card stack call'" [attr.aria-label]="'currentCall' | text">
        <p class="call-state" aria-live="polite">{{ stateText() }}</p>
        @if (call.state === 'connected' && call.answeredAt !== undefined) {
          <p class="call-timer number" [attr.aria-label]="'callDuration' | text">{{ elapsed() }}</p>
        }
        @if (call.state === 'connected' && call.extension; as extension) {
          <div class="row">
            <p class="call-extension">{{ 'thenDial' | text: extension }}</p>
            <button type="button" class="btn btn-secondary btn-small" (click)="copy(extension)">
              {{ (copied() ? 'copied' : 'copyExtension') | text }}
            </button>
          </div>
        }
        @if (live()) {
          <button type="button" [className]="call.state === 'connected' ? 'btn btn-danger' : 'btn btn-secondary'" [disabled]="ending()" (click)="end()">
            {{ (call.state === 'connected' ? 'hangUp' : 'cancelCall') | text }}
          </button>
        }
        @if (error(); as error) {
          <p class="message message-error" role="alert">{{ error | problem }}</p>
        }
      </section>
    }
  `,
})
export class CallPanelComponent {
  private readonly store = inject(PopupStore);
  private readonly texts = inject(TEXTS);
  protected readonly call = this.store.call;
  protected readonly ending = signal(false);
  protected readonly error = signal<MessageError | null>(null);
  protected readonly copied = signal(false);
  /** Ticks every second so the timer moves. */
  private readonly now = signal(Date.now());

  protected readonly live = computed(() => {
    const state = this.call()?.state;
    return state === 'ringing_you' || state === 'ringing_them' || state === 'connected';
  });
  protected readonly elapsed = computed(() => callDuration(this.now() - (this.call()?.answeredAt ?? this.now()), this.texts.locale));
  protected readonly stateText = computed(() => {
    const call = this.call();
    return call === null ? '' : describe(this.texts, call);
  });

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), 1_000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  protected async end(): Promise<void> {
    this.ending.set(true);
    this.error.set(await this.store.endCall());
    this.ending.set(false);
  }

  /** The extension to the clipboard, for phones whose keypad takes a paste (softphones). */
  protected async copy(extension: string): Promise<void> {
    await navigator.clipboard.writeText(extension);
    this.copied.set(true);
  }
}

/** Why a call failed, one text per reason code of the Worker (`completed` and `ended` are not failures). */
const FAILED_BECAUSE: Record<Exclude<CallReason, 'completed' | 'ended'>, MessageKey> = {
  busy: 'reasonBusy',
  no_answer: 'reasonNoAnswer',
  declined: 'reasonDeclined',
  own_phone_offline: 'reasonOwnPhoneOffline',
  own_phone_no_answer: 'reasonOwnPhoneNoAnswer',
  own_phone_dnd: 'reasonOwnPhoneDnd',
  pbx_refused: 'reasonPbxRefused',
  org_refused: 'reasonOrgRefused',
  service_refused: 'reasonServiceRefused',
  limit_reached: 'reasonLimitReached',
};

function failedBecause(call: CallProgress): MessageKey {
  if (call.reason === 'lost_track') return 'callLostTrack';
  const code = call.reasonCode;
  return code === undefined || code === 'completed' || code === 'ended' ? 'callFailedHint' : FAILED_BECAUSE[code];
}

/** Each state in words a user understands, from the catalogue (the Worker's own words stay in the state, for logs). */
function describe(texts: Catalogue, call: CallProgress): string {
  const them = spacedE164(call.destination);
  switch (call.state) {
    case 'ringing_you':
      return texts.text('callRingingYou', them);
    case 'ringing_them':
      return texts.text('callRingingThem', them);
    case 'connected':
      return texts.text('callConnected', them);
    case 'ended': {
      const { answeredAt, endedAt } = call;
      const ended =
        answeredAt !== undefined && endedAt !== undefined
          ? texts.text('callEndedAfter', them, callDuration(endedAt - answeredAt, texts.locale))
          : texts.text('callEnded', them);
      return call.reason === 'stopped_following' ? `${ended} ${texts.text('callStoppedFollowing')}` : ended;
    }
    case 'failed':
      return `${texts.text('callFailed', them)} ${texts.text(failedBecause(call))}`;
  }
}
