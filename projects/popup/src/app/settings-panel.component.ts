/** Settings: the country for numbers without +, highlighting, and pausing the extension on the current site. */
import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { CurrentSite } from './current-site';
import { countryCodes } from './phone-preview';
import { PopupStore } from './popup-store';
import { PRIVACY_POLICY_URL } from './privacy-policy-url';

@Component({
  selector: 'vc-settings-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card stack" aria-labelledby="settings-title">
      <h2 id="settings-title" class="title">Settings</h2>

      <div class="field">
        <label for="country">Default country</label>
        <select id="country" aria-describedby="country-hint" (change)="chooseCountry($event)">
          @for (country of countries(); track country.code) {
            <option [value]="country.code" [selected]="country.code === settings()?.defaultCountry">
              {{ country.name }}
            </option>
          }
        </select>
        <p id="country-hint" class="hint">For numbers written without a + and country code.</p>
      </div>

      <label class="switch">
        <input type="checkbox" [checked]="settings()?.highlightNumbers ?? true" (change)="toggleHighlight($event)" />
        <span class="switch-text">
          Highlight phone numbers on pages
          <span class="hint">Click a highlighted number to call it.</span>
        </span>
      </label>

      @if (site(); as site) {
        <label class="switch">
          <input type="checkbox" [checked]="paused()" (change)="togglePause($event, site)" />
          <span class="switch-text">
            Pause on {{ site }}
            <span class="hint">No highlighting and no tel: link calls on this site.</span>
          </span>
        </label>
      }

      <div class="row">
        <a class="link" [href]="privacyPolicyUrl" target="_blank" rel="noopener">Privacy policy</a>
        <button type="button" class="btn btn-secondary btn-small" (click)="done.emit()">Done</button>
      </div>
    </section>
  `,
})
export class SettingsPanelComponent {
  private readonly store = inject(PopupStore);
  private readonly currentSite = inject(CurrentSite);
  readonly done = output<void>();

  protected readonly privacyPolicyUrl = PRIVACY_POLICY_URL;
  protected readonly settings = this.store.settings;
  protected readonly site = signal<string | null>(null);
  protected readonly paused = computed(() => {
    const site = this.site();
    return site !== null && (this.settings()?.pausedSites ?? []).includes(site);
  });
  protected readonly countries = computed(() => {
    const names = new Intl.DisplayNames(undefined, { type: 'region' });
    return countryCodes()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });

  constructor() {
    void this.currentSite.hostname().then((site) => this.site.set(site));
  }

  protected chooseCountry(event: Event): void {
    void this.store.updateSettings({ defaultCountry: (event.target as HTMLSelectElement).value });
  }

  protected toggleHighlight(event: Event): void {
    void this.store.updateSettings({ highlightNumbers: (event.target as HTMLInputElement).checked });
  }

  protected togglePause(event: Event, site: string): void {
    const others = (this.settings()?.pausedSites ?? []).filter((paused) => paused !== site);
    const pausedSites = (event.target as HTMLInputElement).checked ? [...others, site] : others;
    void this.store.updateSettings({ pausedSites });
  }
}
