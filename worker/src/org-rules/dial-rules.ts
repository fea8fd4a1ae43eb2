/** The dial path's one call into organisation rules: one KV read (edge-cached), then the number judged against them. */
import { ApiError } from '../http/errors';
import { enforceOrgRules } from './org-rules-check';
import { readOrgRules } from './org-rules-storage';

/**
 * 403 number_not_allowed (reason org_refused) when the rules of the caller's organisation (NetSapiens domain)
 * refuse `e164`, a number checkDestination has accepted. Costs one KV read; the number is read again only when
 * the organisation has rules.
 */
export async function checkOrgRules(kv: KVNamespace, domain: string, e164: string): Promise<void> {
  const stored = await readOrgRules(kv, domain);
  if (stored === null) return;
  // Already loaded by checkDestination on this dial.
  const { parsePhoneNumberFromString } = await import('../phone/number-reading');
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed === undefined) throw new ApiError('invalid_number', 'That is not a phone number that can be dialled.');
  enforceOrgRules({ e164, country: parsed.country, type: parsed.getType() }, stored.rules);
}
