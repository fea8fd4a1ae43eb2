/**
 * The organisation's policy (chrome.storage.managed, set by an administrator through Chrome Enterprise policy):
 * read at start-up and again whenever Chrome reports a change, so a new policy applies without a restart.
 */
import { inject, Injectable } from '@angular/core';
import { canonicalHost, MANAGED_POLICY_NAMES, ManagedPolicySchema, SiteSchema, type ManagedPolicy } from '@voipcom/shared';
import * as z from 'zod/mini';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';

/**
 * The policy in `raw` (managed storage as Chrome hands it). Chrome already drops values that fail
 * managed-schema.json; this checks again what the schema cannot say (host names, the domain's form) and reads
 * InactiveSites entry by entry, so one mistyped site does not lift the others. A value that fails is ignored, never
 * the whole policy, and `warn` says so: an admin reads it in the service worker's console (a warning, as a bad
 * policy must not look like a broken extension).
 */
export function readManagedPolicy(raw: Record<string, unknown>, warn: (message: string) => void): ManagedPolicy {
  const read = <T>(field: keyof ManagedPolicy, schema: z.ZodMiniType<T>): T | undefined => {
    const name = MANAGED_POLICY_NAMES[field];
    if (!(name in raw)) return undefined;
    const parsed = schema.safeParse(raw[name]);
    if (!parsed.success) warn(`Click-to-Dial: the ${name} policy is ignored: ${JSON.stringify(raw[name])} is not valid.`);
    return parsed.success ? parsed.data : undefined;
  };
  const shape = ManagedPolicySchema.shape;
  const defaultCountry = read('defaultCountry', shape.defaultCountry.def.innerType);
  const highlightNumbers = read('highlightNumbers', shape.highlightNumbers.def.innerType);
  const usernameDomain = read('usernameDomain', shape.usernameDomain.def.innerType);
  const sites = read('inactiveSites', z.array(z.unknown()).check(z.maxLength(500)));
  return {
    inactiveSites: sites === undefined ? [] : sitesOf(sites, warn),
    ...(defaultCountry !== undefined && { defaultCountry }),
    ...(highlightNumbers !== undefined && { highlightNumbers }),
    ...(usernameDomain !== undefined && { usernameDomain }),
  };
}

/** Canonical host names (site-list.ts) from "*.example.com", "example.com." or "bücher.example"; other entries are skipped with a warning. */
function sitesOf(entries: unknown[], warn: (message: string) => void): string[] {
  const sites = new Set<string>();
  for (const entry of entries) {
    const host = typeof entry === 'string' ? canonicalHost(entry.trim().replace(/^\*\./, '')) : null;
    const site = SiteSchema.safeParse(host ?? entry);
    if (site.success) sites.add(site.data);
    else
      warn(
        `Click-to-Dial: an entry of the ${MANAGED_POLICY_NAMES.inactiveSites} policy is ignored: ${JSON.stringify(entry)} is not a host name.`,
      );
  }
  return [...sites];
}

@Injectable()
export class ManagedPolicyFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);

  /** Registered synchronously at start-up, so a policy change also wakes a sleeping service worker. */
  init(): void {
    this.chrome.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed') void this.load();
    });
  }

  async load(): Promise<void> {
    let raw: Record<string, unknown> = {};
    try {
      raw = await this.chrome.storage.managed.get();
    } catch {
      // Where managed storage is unavailable there is no policy to apply; the user's own settings hold.
      console.warn('Click-to-Dial: the organisation policy (storage.managed) could not be read.');
    }
    this.store.setManaged(readManagedPolicy(raw, (message) => console.warn(message)));
  }
}
