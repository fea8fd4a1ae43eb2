/** The signed-in view: a number field that shows what will be dialled, the ringing device and whether it will ring, Dial and the outcome. */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { DialOutcome, FirstLegWarning, MessageError } from '@voipcom/shared';
import type { MessageAround } from '../../../extension/i18n/catalogue';
import { firstLegText } from '../../../extension/i18n/rule-texts';
import { CallPanelComponent } from './call-panel.component';
import { numberingPlansRegistered } from './numbering-plans-loader';
import { previewNumber, spacedE164 } from './phone-preview';
import { PopupStore } from './popup-store';
import { SelectOptionsDirective, type SelectOption } from './select-options.directive';
import { ProblemPipe, TextPipe, TEXTS } from './texts';

/** The value of the device choice that rings all of the user's phones (no origination device). */
const ALL_DEVICES = '';

@Component({
  selector: 'vc-dial-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallPanelComponent, SelectOptionsDirective, ProblemPipe, TextPipe],
  template: `
    <form class="card stack" (submit)="dial($event)" [attr.aria-label]="'dialFormLabel' | text" novalidate>
      <div class="field">
        <label for="destination">{{ 'numberToCall' | text }}</label>
        <input
          id="destination"
          name="destination"
          type="text"
          inputmode="tel"
          autocomplete="off"
          spellcheck="false"
          [attr.placeholder]="'numberPlaceholder' | text"
          aria-describedby="destination-preview"
          [attr.aria-invalid]="preview().kind === 'invalid' ? 'true' : null"
          [value]="destination()"
          (input)="typed($event)"
        />
        <p id="destination-preview" [className]="preview().kind === 'invalid' ? 'hint hint-error' : 'hint'" aria-live="polite">
          @switch (preview().kind) {
            @case ('valid') {
              {{ dials.before }}<span class="number">{{ shown() }}</span>{{ dials.after }}
              @if (extension(); as extension) {
                {{ 'extensionShort' | text: extension }}
              }
            }
            @case ('invalid') {
              {{ 'numberIncomplete' | text: countryName() }}
            }
            @default {
              @if (countryName(); as name) {
                {{ 'numberCountryHint' | text: name }}
              }
            }
          }
        </p>
      </div>

      <div class="field">
        <label for="device">{{ 'ringFirst' | text }}</label>
        <select id="device" name="device" aria-describedby="device-warning" [vcOptions]="deviceOptions()" (change)="chooseDevice($event)"></select>
        <p id="device-warning" class="hint hint-error" aria-live="polite">{{ warnings().join(' ') }}</p>
      </div>

      <button type="submit" class="btn btn-primary btn-dial" [disabled]="preview().kind !== 'valid'">
        <span class="icon-handset" aria-hidden="true"></span>
        {{ (calling() ? 'calling' : warnings().length > 0 ? 'dialAnyway' : 'dial') | text }}
      </button>

      <div aria-live="polite">
        @if (error(); as error) {
          <p class="message message-error" role="alert">{{ error | problem }}</p>
        } @else if (lastDial(); as last) {
          @if (!last.placed) {
            @let notPlaced = notPlacedText(last);
            <p class="message message-muted">
              {{ notPlaced.before }}<span class="number">{{ last.destination }}</span>{{ notPlaced.after }}
            </p>
          }
        }
      </div>
    </form>
    <vc-call-panel />
  `,
})
export class DialPanelComponent {
  protected readonly store = inject(PopupStore);
  private readonly texts = inject(TEXTS);
  protected readonly dials = this.texts.around('dialsNumber');

  protected readonly destination = signal('');
  protected readonly calling = signal(false);
  protected readonly error = signal<MessageError | null>(null);
  private readonly country = computed(() => this.store.settings()?.defaultCountry ?? 'US');
  protected readonly preview = computed(() => {
    numberingPlansRegistered();
    return previewNumber(this.destination(), this.country());
  });
  protected readonly e164 = computed(() => {
    const preview = this.preview();
    return preview.kind === 'valid' ? preview.e164 : '';
  });
  /** The number as the confirmation window and the call panel show it ("+1 480 555 0199"). */
  protected readonly shown = computed(() => spacedE164(this.e164()));
  protected readonly extension = computed(() => {
    const preview = this.preview();
    return preview.kind === 'valid' ? preview.extension : undefined;
  });
  protected readonly deviceId = computed(() => this.store.settings()?.originationDeviceId ?? ALL_DEVICES);
  /** "All my phones", then the phones that can ring first, online ones first (the sort is stable: the PBX's order otherwise). */
  protected readonly deviceOptions = computed((): SelectOption[] => {
    const chosen = this.deviceId();
    const devices = [...this.store.devices()].sort((a, b) => Number(b.online) - Number(a.online));
    return [
      { value: ALL_DEVICES, label: this.texts.text('allMyPhones'), selected: chosen === ALL_DEVICES },
      ...devices.map((device) => {
        const name = device.label || device.id;
        return { value: device.id, label: device.online ? name : this.texts.text('phoneOffline', name), selected: device.id === chosen };
      }),
    ];
  });
  /** The Worker's first-leg warnings for the chosen phone; null until it answered (or when it could not be asked). */
  private readonly firstLeg = signal<FirstLegWarning[] | null>(null);
  /** Tells a stale first-leg answer (an earlier phone's) from the one asked last. */
  private firstLegAsked = 0;
  /**
   * Why the phone may not ring, in words, before the user dials (never blocking: Dial reads "Dial anyway"). Without
   * the Worker's answer, the phone list the popup has still tells an offline chosen phone.
   */
  protected readonly warnings = computed(() => {
    const offline = this.store.devices().find((device) => device.id === this.deviceId() && !device.online);
    const warnings = this.firstLeg() ?? (offline ? [{ code: 'phone_offline' as const, device: offline.id, label: offline.label }] : []);
    return warnings.map((warning) => firstLegText(this.texts, warning));
  });
  protected readonly lastDial = computed(() => this.store.state()?.lastDial ?? null);
  /** Empty until the first view is drawn: the popup's first Intl.DisplayNames costs about 25 ms of its start. */
  protected readonly countryName = computed(() => (this.store.drawn() ? this.texts.country(this.country()) : ''));

  protected typed(event: Event): void {
    this.destination.set((event.target as HTMLInputElement).value);
    this.error.set(null);
  }

  constructor() {
    void this.checkFirstLeg();
  }

  protected async chooseDevice(event: Event): Promise<void> {
    const id = (event.target as HTMLSelectElement).value;
    await this.store.updateSettings({ originationDeviceId: id === ALL_DEVICES ? null : id });
    await this.checkFirstLeg();
  }

  /** Asks (through the background) whether the phone chosen now would ring; read on the fly, kept nowhere. */
  private async checkFirstLeg(): Promise<void> {
    const asked = ++this.firstLegAsked;
    this.firstLeg.set(null);
    const reply = await this.store.firstLeg();
    if (asked === this.firstLegAsked) this.firstLeg.set(reply.ok ? reply.data : null);
  }

  protected async dial(event: Event): Promise<void> {
    event.preventDefault();
    const e164 = this.e164();
    if (!e164 || this.calling()) return;
    this.calling.set(true);
    this.error.set(null);
    const reply = await this.store.dial(e164, this.extension());
    this.calling.set(false);
    if (reply.ok) this.destination.set('');
    else this.error.set(reply.error);
  }

  /** "The call to … at 9:41 AM was not placed.", cut around the number; the time in the page's language. */
  protected notPlacedText(outcome: DialOutcome): MessageAround {
    const time = new Intl.DateTimeFormat(this.texts.locale, { timeStyle: 'short' }).format(outcome.at);
    return this.texts.around('lastDialNotPlaced', time);
  }
}
