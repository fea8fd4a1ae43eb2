/** Organisation destination rules: staff set and read them (Cloudflare Access); a signed-in user reads their own organisation's. */
import { err, ok, OrgDomainSchema, parseWith, SetOrgRulesRequestSchema, type OrgRules, type OrgRulesResponse } from '@voipcom/shared';
import { readJsonBody } from '../http/json-body';
import { route } from '../http/router';
import { logInfo } from '../log';
import { readOrgRules, writeOrgRules, type StoredOrgRules } from '../org-rules/org-rules-storage';

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
export const ownOrgRules = route({
  auth: 'session',
  async handle({ env }, session) {
    const { domain } = session.record.user;
    return ok(rulesResponse(domain, await readOrgRules(env.AUDIT_ARCHIVE, domain)));
  },
});

/** GET /v1/admin/org-rules?domain=…: what the Worker enforces for that organisation now (read past the edge cache). */
export const adminReadOrgRules = route({
  auth: 'access',
  async handle({ request, env }) {
    // Read after the token is checked (not a route `query`): nobody without Access learns what a domain must look like.
    const parsed = parseWith(OrgDomainSchema, new URL(request.url).searchParams.get('domain') ?? '');
    if (!parsed.ok) return err({ reason: 'invalid_input', issues: `domain: ${parsed.error}` });
    return ok(rulesResponse(parsed.data, await readOrgRules(env.AUDIT_ARCHIVE, parsed.data, true)));
  },
});

/**
 * PUT /v1/admin/org-rules {domain, rules}: replaces the organisation's rules (every list empty: removes them).
 * Authentication before the body is read, as for the purge. Dials see the change within ORG_RULES_CACHE_SECONDS.
 */
export const adminSetOrgRules = route({
  auth: 'access',
  async handle({ request, env }, { caller }) {
    const body = await readJsonBody(request, SetOrgRulesRequestSchema, ADMIN_RULES_MAX_BYTES);
    if (!body.ok) return body;
    const { domain, rules } = body.data;
    const stored = await writeOrgRules(env.AUDIT_ARCHIVE, domain, rules, new Date());
    // Who changed which organisation's rules, and how many of each: the staff audit trail (no numbers in logs).
    logInfo('org_rules_set', {
      caller,
      domain: domain.toLowerCase(),
      allowedCountries: rules.allowedCountries.length,
      refusedClasses: rules.refusedClasses.length,
      doNotCall: rules.doNotCall.length,
    });
    return ok(rulesResponse(domain, stored));
  },
});
