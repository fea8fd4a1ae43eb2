/** The current call: its state in words, the number, a timer once connected, and the one button that ends it. */
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import type { CallProgress, MessageError } from '@voipcom/shared';
import { PopupStore } from './popup-store';
import { problemText } from './problem-text';

/** "2:05", "1:02:05": minutes and seconds, hours when there are some. */
export function callDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

@Component({
  selector: 'vc-call-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (call(); as call) {
      <section class="card stack call" [class.call-live]="live()" aria-label="Current call">
        <p class="call-state" aria-live="polite">{{ stateText() }}</p>
        @if (call.state === 'connected' && call.answeredAt !== undefined) {
          <p class="call-timer number" aria-label="Call duration">{{ elapsed() }}</p>
        }
        @if (live()) {
          <button type="button" class="btn" [class.btn-danger]="call.state === 'connected'" [class.btn-secondary]="call.state !== 'connected'" [disabled]="ending()" (click)="end()">
            {{ call.state === 'connected' ? 'Hang up' : 'Cancel call' }}
          </button>
        }
        @if (error(); as error) {
          <p class="message message-error" role="alert">{{ errorText(error) }}</p>
        }
      </section>
    }
  `,
})
export class CallPanelComponent {
  private readonly store = inject(PopupStore);
  protected readonly call = this.store.call;
  protected readonly ending = signal(false);
  protected readonly error = signal<MessageError | null>(null);
  /** Ticks every second so the timer moves. */
  private readonly now = signal(Date.now());

  protected readonly live = computed(() => {
    const state = this.call()?.state;
    return state === 'ringing_you' || state === 'ringing_them' || state === 'connected';
  });
  protected readonly elapsed = computed(() => callDuration(this.now() - (this.call()?.answeredAt ?? this.now())));
  protected readonly stateText = computed(() => describe(this.call()));

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), 1_000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  protected async end(): Promise<void> {
    this.ending.set(true);
    this.error.set(await this.store.endCall());
    this.ending.set(false);
  }

  protected errorText(error: MessageError): string {
    return problemText(error);
  }
}

/** Each state in words a user understands. */
function describe(call: CallProgress | null): string {
  if (call === null) return '';
  const them = call.destination;
  switch (call.state) {
    case 'ringing_you':
      return `Your phone is ringing. Answer it to be connected to ${them}.`;
    case 'ringing_them':
      return `Calling ${them}…`;
    case 'connected':
      return `Connected to ${them}.`;
    case 'ended': {
      const lasted = call.answeredAt !== undefined && call.endedAt !== undefined ? ` after ${callDuration(call.endedAt - call.answeredAt)}` : '';
      return `The call with ${them} ended${lasted}.${call.message ? ` ${call.message}` : ''}`;
    }
    case 'failed':
      return `The call to ${them} did not go through. ${call.message ?? ''}`.trim();
  }
}
