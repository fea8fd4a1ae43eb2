/** The organisation's rules as the dial and describe read them: one KV read (edge-cached), made only when asked. */
import type { OrgRules } from '@voipcom/shared';
import type { OrgRulesLoader } from '../phone/dial-destination';
import { readOrgRules } from './org-rules-storage';

/** Reads the rules of `domain` (the caller's NetSapiens domain) when called; null when the organisation has none. */
export function orgRulesOf(kv: KVNamespace, domain: string): OrgRulesLoader {
  return async (): Promise<OrgRules | null> => (await readOrgRules(kv, domain))?.rules ?? null;
}
