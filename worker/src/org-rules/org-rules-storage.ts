/** Reads and writes one organisation's destination rules in KV AUDIT_ARCHIVE (`orgrules:<domain>`, STORAGE.md). */
import { OrgRulesSchema, parseJsonWith, type OrgRules, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import { logWarning } from '../log';

export const ORG_RULES_KEY_PREFIX = 'orgrules:';

/**
 * Seconds a location may serve its cached copy at a dial: a change reaches every dial within about a minute, and a
 * busy location reads the key from its cache instead of the central store.
 */
export const ORG_RULES_CACHE_SECONDS = 60;

/** The record as stored: the rules and when they were last set. */
const StoredOrgRulesSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({ v: z.literal(1), rules: OrgRulesSchema, updatedAt: z.iso.datetime() }),
);
export type StoredOrgRules = z.infer<typeof StoredOrgRulesSchema>;

/** Domains compare case-insensitively in NetSapiens; one key per organisation whatever the case written. */
export function orgRulesKey(domain: string): string {
  return `${ORG_RULES_KEY_PREFIX}${domain.trim().toLowerCase()}`;
}

export function hasRules(rules: OrgRules): boolean {
  return rules.allowedCountries.length > 0 || rules.refusedClasses.length > 0 || rules.doNotCall.length > 0;
}

/**
 * One KV read. null: the organisation has no rules. A record that does not parse is thrown as an Error (500): the
 * organisation asked for rules, so dialling as if it had none would fail open.
 */
export async function readOrgRules(kv: KVNamespace, domain: string, fresh = false): Promise<StoredOrgRules | null> {
  const key = orgRulesKey(domain);
  const text = fresh ? await kv.get(key, 'text') : await kv.get(key, { type: 'text', cacheTtl: ORG_RULES_CACHE_SECONDS });
  if (text === null) return null;
  const parsed = parseJsonWith(StoredOrgRulesSchema, text);
  if (!parsed.ok) {
    logWarning('org_rules_unreadable', parsed.error);
    throw new Error('Stored organisation rules do not parse.');
  }
  return parsed.data;
}

/** Replaces the organisation's rules; rules with every list empty delete the key (no rules: nothing stored). */
export async function writeOrgRules(kv: KVNamespace, domain: string, rules: OrgRules, now: Date): Promise<StoredOrgRules | null> {
  if (!hasRules(rules)) {
    await kv.delete(orgRulesKey(domain));
    return null;
  }
  const record: StoredOrgRules = { v: 1, rules: normalized(rules), updatedAt: now.toISOString() };
  await kv.put(orgRulesKey(domain), JSON.stringify(record));
  return record;
}

/** Sorted and without repeats, so what staff read back is what the Worker enforces, in a stable order. */
function normalized(rules: OrgRules): OrgRules {
  const distinct = <T extends string>(values: T[]): T[] => [...new Set(values)].sort();
  return {
    allowedCountries: distinct(rules.allowedCountries),
    refusedClasses: distinct(rules.refusedClasses),
    doNotCall: distinct(rules.doNotCall),
  };
}
