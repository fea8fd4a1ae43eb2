/** POST /v1/admin/purge: Voipcom staff, signed in through Cloudflare Access, erase one account's data. */
import { PurgeRequestSchema, type PurgeResponse } from '@voipcom/shared';
import { readJsonBody } from '../http/json-body';
import type { RequestContext } from '../http/router';
import { accountKeyHash } from '../audit-export/archive-keys';
import { requireAccessJwt } from './access-jwt';
import { purgeAccount } from './purge-account';

/** Authentication before the body is read: nobody without a valid Access token gets their JSON parsed. */
export async function purgeAccountData({ request, env }: RequestContext): Promise<Response> {
  const { caller } = await requireAccessJwt(request, env);
  const { uid } = await readJsonBody(request, PurgeRequestSchema);
  const counts = await purgeAccount(env, uid, Date.now());
  // Who purged and how much, for the staff audit trail; the account appears only as its key hash.
  console.log(JSON.stringify({ level: 'info', event: 'account_purged', caller, account: await accountKeyHash(uid), ...counts }));
  const body: PurgeResponse = { uid, ...counts };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
