/** GET and DELETE /v1/calls/{callId}: a call's state read from the PBX on demand, and its hang-up; neither is a dial. */
import { CallStatusQuerySchema, parseWith, type CallStatusResponse } from '@voipcom/shared';
import { openCallId, type PlacedCall } from '../calls/call-id';
import { findCall, listedState, unlistedState } from '../calls/call-state';
import { ApiError, rateLimited } from '../http/errors';
import { withinLimit } from '../http/rate-limits';
import { pathId, type RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import { authenticateWithoutSlide, bearerKeyHash } from '../session/active-session';

/**
 * Authenticates (one KV read, no write unless the access token must be refreshed), counts the request against the
 * session's call-status limit before the session is read, and opens the callId. Another session's callId, a
 * forged one and one sealed under a retired key all get the same 404 before the PBX is asked anything, so the
 * Worker tells nobody whether an id exists.
 */
async function openOwnCall({ request, env, config }: RequestContext): Promise<{ api: UserApi; placed: PlacedCall; callId: string }> {
  const keyHash = await bearerKeyHash(request);
  if (!(await withinLimit(env.CALL_STATUS_LIMITER, keyHash))) {
    throw rateLimited('Too many call updates in a short time. Wait a minute and try again.');
  }
  const deps = { kv: env.SESSIONS, config };
  const session = await authenticateWithoutSlide(deps, keyHash);
  const callId = pathId(request);
  const placed = await openCallId(config.sessionKeys, keyHash, callId);
  if (placed === null) throw new ApiError('call_not_found', 'There is no such call.');
  return { api: new UserApi(deps, session), placed, callId };
}

export async function callStatus(rc: RequestContext): Promise<Response> {
  const query = parseWith(CallStatusQuerySchema, Object.fromEntries(new URL(rc.request.url).searchParams));
  if (!query.ok) throw new ApiError('invalid_request', query.error);
  const { api, placed, callId } = await openOwnCall(rc);
  const listed = findCall(await api.activeCalls(), placed);
  const reading = listed === null ? await unlistedState(placed, Date.now(), api, query.data.seen) : listedState(listed);
  const body: CallStatusResponse = {
    callId,
    destination: placed.destination,
    state: reading.state,
    ...(reading.answeredAt === undefined ? {} : { answeredAt: new Date(reading.answeredAt).toISOString() }),
    ...(reading.reason === undefined ? {} : { reason: reading.reason }),
    ...(reading.message === undefined ? {} : { message: reading.message }),
  };
  return Response.json(body);
}

/**
 * Cancels a ringing call or hangs up a connected one; 204, also for a call that has already ended. The PBX is asked
 * to disconnect our `call-id` first; if it knows no call by that id, the call is looked up among the live ones and
 * disconnected by each of its own ids in turn.
 */
export async function endCall(rc: RequestContext): Promise<Response> {
  const { api, placed } = await openOwnCall(rc);
  const done = new Response(null, { status: 204 });
  if (await api.disconnect(placed.pbxCallId)) return done;
  const listed = findCall(await api.activeCalls(), placed);
  if (listed === null) return done;
  for (const id of listed.ids) {
    if (id !== placed.pbxCallId && (await api.disconnect(id))) return done;
  }
  // Every id refused: the call may have ended meanwhile; if it is still up, say so rather than pretend.
  if (findCall(await api.activeCalls(), placed) === null) return done;
  throw new ApiError('upstream_error', 'The phone system did not end the call. Hang up on your phone.');
}
