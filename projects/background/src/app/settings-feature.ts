/** The user's settings (validated, stored locally) and the content config they imply for a site. */
import { inject, Injectable } from '@angular/core';
import { SettingsSchema, type ContentConfig, type Settings } from '@voipcom/shared';
import { ExtensionStore } from './extension-store';
import { LocalStore } from './local-store';

@Injectable()
export class SettingsFeature {
  private readonly store = inject(ExtensionStore);
  private readonly local = inject(LocalStore);

  async load(): Promise<void> {
    this.store.setSettings(await this.local.settings());
  }

  async update(changes: Partial<Settings>): Promise<void> {
    const merged = SettingsSchema.parse({ ...this.store.settings(), ...changes });
    const pausedSites = [...new Set(merged.pausedSites.map((site) => site.toLowerCase()))];
    const settings: Settings = { ...merged, pausedSites };
    await this.local.setSettings(settings);
    this.store.setSettings(settings);
  }

  /**
   * Nothing about the user: only whether to act on this site, and how to read numbers. `site` is the tab's
   * top-level site (see tab-site.ts), never what a frame says about itself, so a pause covers the frames too.
   */
  contentConfig(site: string | null): ContentConfig {
    const settings = this.store.settings();
    const active = this.store.signedIn() && site !== null && !settings.pausedSites.includes(site);
    return {
      interceptTelLinks: active,
      highlightNumbers: active && settings.highlightNumbers,
      defaultCountry: settings.defaultCountry,
    };
  }
}
