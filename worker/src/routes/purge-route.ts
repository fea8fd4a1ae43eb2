/** POST /v1/admin/purge: Voipcom staff, signed in through Cloudflare Access, erase one account's data. */
import { ok, PurgeRequestSchema, type PurgeResponse } from '@voipcom/shared';
import { accountKeyHash } from '../session/account-hash';
import { readJsonBody } from '../http/json-body';
import { logInfo } from '../log';
import { route } from '../http/router';
import { purgeAccount } from '../admin/purge-account';

/**
 * Authentication before the body is read: nobody without a valid Access token gets their JSON parsed. 200 when
 * everything is done; 202 (same body) when one call's KV budget did not reach: call again, each call continues (and
 * the nightly cron continues anyway).
 */
export const purgeAccountData = route({
  auth: 'access',
  async handle({ request, env, config }, { caller }) {
    const body = await readJsonBody(request, PurgeRequestSchema);
    if (!body.ok) return body;
    const { uid } = body.data;
    const outcome = await purgeAccount(env, config.auditKeys, uid, Date.now());
    const counts = { sessionsDeleted: outcome.sessionsDeleted, auditRecordsDeleted: outcome.auditRecordsDeleted };
    // Who purged and how much, for the staff audit trail; the account appears only as its key hash.
    logInfo('account_purged', { caller, account: await accountKeyHash(uid), complete: outcome.complete, ...counts });
    const answer: PurgeResponse = { uid, ...counts };
    return ok(Response.json(answer, { status: outcome.complete ? 200 : 202, headers: { 'Cache-Control': 'no-store' } }));
  },
});
