/** The user's settings (validated, stored locally) and the page settings they and the organisation imply for a site. */
import { inject, Injectable } from '@angular/core';
import { canonicalHost, SettingsSchema, siteIsListed, type PageSettings, type Settings } from '@voipcom/shared';
import { NUMBERING_PLANS_FILE_NAME, numberingPlanLineIn } from '../../../shared/src/lib/phone/numbering-plan-lines';
import { CHROME } from '../../../extension/chrome/chrome';
import { ExtensionStore } from './extension-store';
import { LocalStorage } from './local-storage';
import { FETCH } from './platform';

@Injectable()
export class SettingsService {
  private readonly store = inject(ExtensionStore);
  private readonly local = inject(LocalStorage);
  private readonly chrome = inject(CHROME);
  private readonly fetch = inject(FETCH);
  /** Every region's numbering-plan lines, read from the package at start (not bundled: the 80 KB budget). */
  private numberingPlans = '';

  async load(): Promise<void> {
    const [settings, plans] = await Promise.all([this.local.settings(), this.loadNumberingPlans()]);
    // Pauses stored before host names were canonical (`Example.com.`) are read in the one form sites are compared in.
    this.store.setSettings({ ...settings, pausedSites: canonicalSites(settings.pausedSites) });
    this.numberingPlans = plans;
  }

  /** A region's numbering-plan line ("" when it has none or the table could not be read). */
  numberingPlanLine(region: string): string {
    return numberingPlanLineIn(this.numberingPlans, region);
  }

  /** The package's plan table; empty if it cannot be read, so pages then read only numbers written with + (and NANP). */
  private async loadNumberingPlans(): Promise<string> {
    try {
      const response = await this.fetch(this.chrome.runtime.getURL(NUMBERING_PLANS_FILE_NAME));
      return response.ok ? await response.text() : '';
    } catch {
      return '';
    }
  }

  /** Stores the user's changes; a setting the organisation locked keeps the user's earlier choice (the admin wins). */
  async update(changes: Partial<Settings>): Promise<void> {
    const managed = this.store.managed();
    const allowed = { ...changes };
    if (managed.defaultCountry !== undefined) delete allowed.defaultCountry;
    if (managed.highlightNumbers !== undefined) delete allowed.highlightNumbers;
    const merged = SettingsSchema.parse({ ...this.store.userSettings(), ...allowed });
    // One canonical spelling per site (site-list.ts), so `Example.com.` is paused where `example.com` is.
    const pausedSites = canonicalSites(merged.pausedSites);
    const settings: Settings = { ...merged, pausedSites };
    await this.local.setSettings(settings);
    this.store.setSettings(settings);
  }

  /** Whether the organisation keeps the extension inactive on `site` (a tab's top-level site). */
  offByPolicy(site: string | null): boolean {
    return site !== null && siteIsListed(site, this.store.managed().inactiveSites);
  }

  /**
   * Nothing about the user: only whether to act on this site, and how to read numbers. `site` is the tab's
   * top-level site (see tab-site.ts), never what a frame says about itself, so a pause covers the frames too.
   * The organisation's inactive sites count in addition to the user's own pauses.
   */
  pageSettings(site: string | null): PageSettings {
    const settings = this.store.settings();
    const active = this.store.signedIn() && site !== null && !settings.pausedSites.includes(site) && !this.offByPolicy(site);
    return {
      interceptTelLinks: active,
      highlightNumbers: active && settings.highlightNumbers,
      defaultCountry: settings.defaultCountry,
      numberingPlan: this.numberingPlanLine(settings.defaultCountry),
    };
  }
}

/** Each site once, in canonical form (site-list.ts); what is no host name is dropped. */
function canonicalSites(sites: readonly string[]): string[] {
  return [...new Set(sites.map(canonicalHost).filter((site): site is string => site !== null))];
}
