/** POST /v1/calls: click-to-call through the PBX, rate limited per session and per account, one audit data point per request. */
import { err, ok, PlaceCallRequestSchema, type PlaceCallResponse, type Result, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import { accountKeyHash } from '../session/account-hash';
import { prepareDialAudit, recordDial } from '../audit/dial-audit';
import { deviceTag, newPbxCallId, sealCallId } from '../calls/call-id';
import { answerOf, Failed, type Failure } from '../http/failure';
import { readJsonBody } from '../http/json-body';
import { checkLimit } from '../http/rate-limits';
import { route, type RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import { orgRulesOf } from '../org-rules/dial-rules';
import { auditedDestination, checkDestination } from '../phone/dial-destination';
import type { LoadedSession } from '../session/session-storage';

/**
 * The contract's request with the destination read as any string: a destination that is not E.164 is then refused
 * as 400 invalid_number (a number problem the user can act on), not as a malformed request, and counts as a dial.
 */
const CallOrderSchema = /* @__PURE__ */ pure(() => z.object({ ...PlaceCallRequestSchema.shape, destination: z.string() }));

/** Without a session there is no account to audit against: that 401 (the route table's) is not a dial. */
export const placeCall = route({
  auth: 'session',
  async handle(rc, session) {
    const requestedAt = Date.now();
    const audited = { env: rc.env, config: rc.config, ctx: rc.ctx };
    const attempt = { uid: session.record.user.uid, destination: '', requestedAt };
    let failure: Failure;
    let cause: unknown;
    try {
      const dialled = await dial(rc, session, attempt);
      if (dialled.ok) return dialled;
      failure = dialled.error;
    } catch (error) {
      // A failure thrown from below (the PBX, KV) is audited and answered like one returned; a bug is audited and rethrown.
      if (!(error instanceof Failed)) {
        await recordDial(audited, { ...attempt, placed: false, errorCode: answerOf({ reason: 'unexpected' }).audit });
        throw error;
      }
      failure = error.failure;
      cause = error.cause;
    }
    await recordDial(audited, { ...attempt, placed: false, errorCode: answerOf(failure).audit });
    // Thrown again with its cause, so index.ts logs why (a transport error); returned otherwise.
    if (cause !== undefined) throw new Failed({ reason: 'dial_failed', failure }, { cause });
    return err({ reason: 'dial_failed', failure });
  },
});

/** The dial itself; `attempt.destination` is set as soon as the body is read, for the audit record of a failure. */
async function dial(
  { request, env, config, ctx }: RequestContext,
  session: LoadedSession,
  attempt: { uid: string; destination: string; requestedAt: number },
): Promise<Result<Response, Failure>> {
  const deps = { kv: env.SESSIONS, config };
  const order = await readJsonBody(request, CallOrderSchema);
  if (!order.ok) return order;
  attempt.destination = auditedDestination(order.data.destination);
  // Counted before the number is judged, so invalid and refused numbers cannot be tried without limit either.
  // Per session first: a session over its own limit does not use up what the account's other sessions may dial.
  const perSession = await checkLimit(env, 'dial_session', session.keyHash);
  if (!perSession.ok) return perSession;
  // Per account as well, so signing in again (or in more browsers) gives no more dials.
  const perAccount = await checkLimit(env, 'dial_account', await accountKeyHash(session.record.user.uid));
  if (!perAccount.ok) return perAccount;
  const e164 = await checkDestination(
    order.data.destination,
    config.refusedNumbers,
    orgRulesOf(env.AUDIT_ARCHIVE, session.record.user.domain),
  );
  if (!e164.ok) return e164;
  const api = new UserApi(deps, session);
  const originationDevice = await checkedOrigination(api, order.data.origination);
  if (!originationDevice.ok) return originationDevice;
  // The audit key is read before the PBX is asked: a dial that could not be audited is never placed (503).
  const audit = await prepareDialAudit({ env, config }, session.record.user.uid);
  const pbxCallId = newPbxCallId();
  const startedAt = Date.now();
  await api.placeCall({ callId: pbxCallId, destination: e164.data, originationDevice: originationDevice.data });
  // The client's callId seals what a status read needs, so nothing about the call is stored (call-id.ts).
  const callId = await sealCallId(config.sessionKeys, session.keyHash, {
    pbxCallId,
    destination: e164.data,
    startedAt,
    originationTag: originationDevice.data === null ? '' : await deviceTag(originationDevice.data),
  });
  // Nothing after the PBX placed the call may fail the request: a client retrying a 503 would place it twice.
  await recordDial({ env, config, ctx }, { ...attempt, placed: true, errorCode: '' }, audit);
  const body: PlaceCallResponse = { callId, destination: e164.data };
  return ok(Response.json(body, { status: 202 }));
}

/**
 * Only the user's own devices may ring first: an arbitrary number there would let a stolen session bridge two
 * outside numbers at the account's expense.
 */
async function checkedOrigination(api: UserApi, origination: string | undefined): Promise<Result<string | null, Failure>> {
  const wanted = origination?.trim() ?? '';
  if (wanted === '') return ok(null);
  const devices = await api.devices();
  return devices.some((device) => device.id === wanted) ? ok(wanted) : err({ reason: 'not_own_device' });
}
