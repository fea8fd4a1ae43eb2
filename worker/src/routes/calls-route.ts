/** POST /v1/calls: click-to-call through the PBX, rate limited per session and per account, one audit data point per request. */
import { PlaceCallRequestSchema, type PlaceCallResponse } from '@voipcom/shared';
import * as z from 'zod/mini';
import { accountKeyHash } from '../session/account-hash';
import { prepareDialAudit, recordDial } from '../audit/dial-audit';
import { deviceTag, newPbxCallId, sealCallId } from '../calls/call-id';
import { withDialReason } from '../calls/dial-reason';
import { ApiError, rateLimited } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import { withinLimit } from '../http/rate-limits';
import type { RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import { orgRulesOf } from '../org-rules/dial-rules';
import { auditedDestination, checkDestination } from '../phone/dial-destination';
import { authenticate } from '../session/active-session';

/**
 * The contract's request with the destination read as any string: a destination that is not E.164 is then refused
 * as 400 invalid_number (a number problem the user can act on), not as a malformed request, and counts as a dial.
 */
const CallOrderSchema = z.object({ ...PlaceCallRequestSchema.shape, destination: z.string() });

export async function placeCall({ request, env, config, ctx }: RequestContext): Promise<Response> {
  const requestedAt = Date.now();
  const deps = { kv: env.SESSIONS, config };
  // Without a session there is no account to audit against; that 401 is not a dial.
  const session = await authenticate(deps, request);
  let destination = '';
  try {
    const order = await readJsonBody(request, CallOrderSchema);
    destination = auditedDestination(order.destination);
    // Counted before the number is judged, so invalid and refused numbers cannot be tried without limit either.
    // Per session first: a session over its own limit does not use up what the account's other sessions may dial.
    if (!(await withinLimit(env.DIAL_LIMITER, session.keyHash))) {
      throw rateLimited('Too many calls in a short time. Wait a minute and try again.');
    }
    // Per account as well, so signing in again (or in more browsers) gives no more dials.
    if (!(await withinLimit(env.ACCOUNT_DIAL_LIMITER, await accountKeyHash(session.record.user.uid)))) {
      throw rateLimited('Too many calls from your account in a short time. Wait a minute and try again.');
    }
    const e164 = await checkDestination(order.destination, config.refusedNumbers, orgRulesOf(env.AUDIT_ARCHIVE, session.record.user.domain));
    const api = new UserApi(deps, session);
    const originationDevice = await checkedOrigination(api, order.origination);
    // The audit key is read before the PBX is asked: a dial that could not be audited is never placed (503).
    const audit = await prepareDialAudit({ env, config }, session.record.user.uid);
    const pbxCallId = newPbxCallId();
    const startedAt = Date.now();
    await api.placeCall({ callId: pbxCallId, destination: e164, originationDevice });
    // The client's callId seals what a status read needs, so nothing about the call is stored (call-id.ts).
    const callId = await sealCallId(config.sessionKeys, session.keyHash, {
      pbxCallId,
      destination: e164,
      startedAt,
      originationTag: originationDevice === null ? '' : await deviceTag(originationDevice),
    });
    // Nothing after the PBX placed the call may fail the request: a client retrying a 503 would place it twice.
    await recordDial({ env, config, ctx }, { uid: session.record.user.uid, destination, placed: true, errorMessage: '', requestedAt }, audit);
    const body: PlaceCallResponse = { callId, destination: e164 };
    return Response.json(body, { status: 202 });
  } catch (error) {
    const errorMessage = error instanceof ApiError ? error.message : 'Internal error.';
    await recordDial({ env, config, ctx }, { uid: session.record.user.uid, destination, placed: false, errorMessage, requestedAt });
    throw withDialReason(error);
  }
}

/**
 * Only the user's own devices may ring first: an arbitrary number there would let a stolen session bridge two
 * outside numbers at the account's expense.
 */
async function checkedOrigination(api: UserApi, origination: string | undefined): Promise<string | null> {
  const wanted = origination?.trim() ?? '';
  if (wanted === '') return null;
  const devices = await api.devices();
  if (!devices.some((device) => device.id === wanted)) {
    throw new ApiError('invalid_request', 'The device to ring first is not one of your devices.');
  }
  return wanted;
}
