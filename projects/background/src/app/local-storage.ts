/** What the extension keeps in chrome.storage.local: the session id, the settings, the dismissed policy date. */
import { inject, Injectable } from '@angular/core';
import { DEFAULT_SETTINGS, isoDate, SessionIdSchema, SettingsSchema, type Settings } from '@voipcom/shared';
import * as z from 'zod/mini';
import { CHROME } from '../../../extension/chrome/chrome';

const KEYS = { session: 'session', settings: 'settings', dismissedPolicy: 'dismissedPolicy' } as const;
/** Any object: each field is then checked on its own, so one bad field does not cost the others. */
const SettingsObjectSchema = z.looseObject({});

@Injectable()
export class LocalStorage {
  private readonly storage = inject(CHROME).storage.local;

  /** The session id, or null when absent or not a well-formed id. */
  async session(): Promise<string | null> {
    const parsed = SessionIdSchema.safeParse((await this.storage.get(KEYS.session))[KEYS.session]);
    return parsed.success ? parsed.data : null;
  }

  setSession(session: string): Promise<void> {
    return this.storage.set({ [KEYS.session]: session });
  }

  clearSession(): Promise<void> {
    return this.storage.remove(KEYS.session);
  }

  /** The settings; each stored field that fails validation falls back to its default. */
  async settings(): Promise<Settings> {
    const stored = SettingsObjectSchema.safeParse((await this.storage.get(KEYS.settings))[KEYS.settings]);
    const settings: Settings = { ...DEFAULT_SETTINGS };
    if (!stored.success) return settings;
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const field = SettingsSchema.shape[key].safeParse(stored.data[key]);
      if (field.success) Object.assign(settings, { [key]: field.data });
    }
    return settings;
  }

  setSettings(settings: Settings): Promise<void> {
    return this.storage.set({ [KEYS.settings]: SettingsSchema.parse(settings) });
  }

  /** Effective date (YYYY-MM-DD) of the policy notice the user dismissed last. */
  async dismissedPolicy(): Promise<string | null> {
    const parsed = isoDate().safeParse((await this.storage.get(KEYS.dismissedPolicy))[KEYS.dismissedPolicy]);
    return parsed.success ? parsed.data : null;
  }

  setDismissedPolicy(effective: string): Promise<void> {
    return this.storage.set({ [KEYS.dismissedPolicy]: effective });
  }
}
