/** Organisation destination rules: staff set and read them (Cloudflare Access); a signed-in user reads their own organisation's. */
import { OrgDomainSchema, parseWith, SetOrgRulesRequestSchema, type OrgRules, type OrgRulesResponse } from '@voipcom/shared';
import { requireAccessJwt } from '../admin/access-jwt';
import { ApiError } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import type { RequestContext } from '../http/router';
import { logInfo } from '../log';
import { readOrgRules, writeOrgRules, type StoredOrgRules } from '../org-rules/org-rules-storage';
import { authenticate } from '../session/active-session';

/** A do-not-call list of 500 entries is about 9 KB: staff bodies may be larger than the API's usual 4 KB. */
const ADMIN_RULES_MAX_BYTES = 32 * 1024;

const NO_RULES: OrgRules = { allowedCountries: [], refusedClasses: [], doNotCall: [] };

function rulesResponse(domain: string, stored: StoredOrgRules | null, status = 200): Response {
  const body: OrgRulesResponse = {
    domain: domain.trim().toLowerCase(),
    rules: stored?.rules ?? NO_RULES,
    updatedAt: stored?.updatedAt ?? null,
  };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** GET /v1/org-rules: the rules of the signed-in user's own organisation, read-only (the popup's settings). */
export async function ownOrgRules({ request, env, config }: RequestContext): Promise<Response> {
  const session = await authenticate({ kv: env.SESSIONS, config }, request);
  const { domain } = session.record.user;
  return rulesResponse(domain, await readOrgRules(env.SESSIONS, domain));
}

/** GET /v1/admin/org-rules?domain=…: what the Worker enforces for that organisation now (read past the edge cache). */
export async function adminReadOrgRules({ request, env }: RequestContext): Promise<Response> {
  await requireAccessJwt(request, env);
  const parsed = parseWith(OrgDomainSchema, new URL(request.url).searchParams.get('domain') ?? '');
  if (!parsed.ok) throw new ApiError('invalid_request', `domain: ${parsed.error}`);
  return rulesResponse(parsed.data, await readOrgRules(env.SESSIONS, parsed.data, true));
}

/**
 * PUT /v1/admin/org-rules {domain, rules}: replaces the organisation's rules (every list empty: removes them).
 * Authentication before the body is read, as for the purge. Dials see the change within ORG_RULES_CACHE_SECONDS.
 */
export async function adminSetOrgRules({ request, env }: RequestContext): Promise<Response> {
  const { caller } = await requireAccessJwt(request, env);
  const { domain, rules } = await readJsonBody(request, SetOrgRulesRequestSchema, ADMIN_RULES_MAX_BYTES);
  const stored = await writeOrgRules(env.SESSIONS, domain, rules, new Date());
  // Who changed which organisation's rules, and how many of each: the staff audit trail (no numbers in logs).
  logInfo('org_rules_set', {
    caller,
    domain: domain.toLowerCase(),
    allowedCountries: rules.allowedCountries.length,
    refusedClasses: rules.refusedClasses.length,
    doNotCall: rules.doNotCall.length,
  });
  return rulesResponse(domain, stored);
}
