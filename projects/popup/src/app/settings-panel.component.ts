/**
 * Settings: the country for numbers without +, highlighting, and pausing the extension on the current site. What
 * the organisation's administrator set is shown locked, with a note why; the organisation's destination rules
 * (GET /v1/org-rules) are listed read-only.
 */
import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { siteIsListed } from '../../../shared/src/lib/contract/site-list';
import { orgRulesLines } from '../../../extension/i18n/rule-texts';
import { CurrentSite } from './current-site';
import { numberingPlansRegistered } from './numbering-plans-loader';
import { countryCodes } from './phone-preview';
import { PopupStore } from './popup-store';
import { SelectOptionsDirective, type SelectOption } from './select-options.directive';
import { TextPipe, TEXTS } from './texts';

@Component({
  selector: 'vc-settings-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SelectOptionsDirective, TextPipe],
  template: `
    <section class="card stack" aria-labelledby="settings-title">
      <h2 id="settings-title" class="title">{{ 'settings' | text }}</h2>

      <div class="field">
        <label for="country">{{ 'defaultCountry' | text }}</label>
        <select
          id="country"
          [attr.aria-describedby]="countryLocked() ? 'country-hint country-locked' : 'country-hint'"
          [disabled]="countryLocked()"
          [vcOptions]="countries()"
          (change)="chooseCountry($event)"
        ></select>
        <p id="country-hint" class="hint">{{ 'defaultCountryHint' | text }}</p>
        @if (countryLocked()) {
          <p id="country-locked" class="hint locked">
            <strong>{{ 'setByOrganisation' | text }}.</strong> {{ 'setByOrganisationNote' | text }}
          </p>
        }
      </div>

      <label class="switch">
        <input
          type="checkbox"
          [attr.aria-describedby]="highlightLocked() ? 'highlight-hint highlight-locked' : 'highlight-hint'"
          [checked]="settings()?.highlightNumbers ?? true"
          [disabled]="highlightLocked()"
          (change)="toggleHighlight($event)"
        />
        <span class="switch-text">
          {{ 'highlightNumbers' | text }}
          <span id="highlight-hint" class="hint">{{ 'highlightHint' | text }}</span>
          @if (highlightLocked()) {
            <span id="highlight-locked" class="hint locked">
              <strong>{{ 'setByOrganisation' | text }}.</strong> {{ 'setByOrganisationNote' | text }}
            </span>
          }
        </span>
      </label>

      @if (site(); as site) {
        <label class="switch">
          <input
            type="checkbox"
            [attr.aria-describedby]="siteOff() ? 'pause-hint pause-locked' : 'pause-hint'"
            [checked]="paused() || siteOff()"
            [disabled]="siteOff()"
            (change)="togglePause($event, site)"
          />
          <span class="switch-text">
            {{ 'pauseOnSite' | text: site }}
            <span id="pause-hint" class="hint">{{ 'pauseHint' | text }}</span>
            @if (siteOff()) {
              <span id="pause-locked" class="hint locked">
                <strong>{{ 'setByOrganisation' | text }}.</strong> {{ 'siteOffByOrganisation' | text }}
              </span>
            }
          </span>
        </label>
      }

      <section class="org-rules" aria-labelledby="org-rules-title">
        <h3 id="org-rules-title">{{ 'orgRulesTitle' | text }}</h3>
        <!-- Three lines at most (countries, classes, do-not-call): no @for, whose repeater costs the bundle ~5 KB. -->
        @if (orgRules(); as lines) {
          @if (lines.length === 0) {
            <p class="hint">{{ 'orgRulesNone' | text }}</p>
          }
          @if (lines[0]; as line) {
            <p class="hint">{{ line }}</p>
          }
          @if (lines[1]; as line) {
            <p class="hint">{{ line }}</p>
          }
          @if (lines[2]; as line) {
            <p class="hint">{{ line }}</p>
          }
        } @else if (orgRulesMissing()) {
          <p class="hint">{{ 'orgRulesUnavailable' | text }}</p>
        }
      </section>

      <div class="row">
        @if (store.policyUrl(); as url) {
          <a class="link" [href]="url" target="_blank" rel="noopener">{{ 'privacyPolicy' | text }}</a>
        }
        <button type="button" class="btn btn-secondary btn-small" (click)="done.emit()">{{ 'done' | text }}</button>
      </div>
    </section>
  `,
})
export class SettingsPanelComponent {
  protected readonly store = inject(PopupStore);
  private readonly currentSite = inject(CurrentSite);
  private readonly texts = inject(TEXTS);
  readonly done = output<void>();

  /** The policy in force, as the Worker names it (GET /v1/policy through the background). */
  protected readonly settings = this.store.settings;
  private readonly managed = computed(() => this.store.state()?.managed ?? null);
  protected readonly countryLocked = computed(() => this.managed()?.defaultCountry !== undefined);
  protected readonly highlightLocked = computed(() => this.managed()?.highlightNumbers !== undefined);
  protected readonly site = signal<string | null>(null);
  protected readonly paused = computed(() => {
    const site = this.site();
    return site !== null && (this.settings()?.pausedSites ?? []).includes(site);
  });
  /** The organisation keeps the extension inactive on this site, whatever the user's pause says. */
  protected readonly siteOff = computed(() => {
    const site = this.site();
    return site !== null && siteIsListed(site, this.managed()?.inactiveSites ?? []);
  });
  /** The regions the detector reads national numbers of, and the chosen one even if it is not among them. */
  protected readonly countries = computed(() => {
    numberingPlansRegistered();
    const codes = countryCodes();
    const chosen = this.settings()?.defaultCountry;
    return (chosen === undefined || codes.includes(chosen) ? codes : [...codes, chosen])
      .map((code): SelectOption => ({ value: code, label: this.texts.country(code), selected: code === chosen }))
      .sort((a, b) => a.label.localeCompare(b.label, this.texts.locale));
  });

  /** The organisation's destination rules as sentences (read-only: staff set them); null until the Worker answered. */
  protected readonly orgRules = signal<string[] | null>(null);
  protected readonly orgRulesMissing = signal(false);

  constructor() {
    void this.currentSite.hostname().then((site) => this.site.set(site));
    void this.store.orgRules().then((reply) => {
      if (reply.ok) this.orgRules.set(orgRulesLines(this.texts, reply.data));
      else this.orgRulesMissing.set(true);
    });
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
