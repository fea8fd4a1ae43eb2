/** GET and DELETE /v1/calls/{callId}: a call's state read from the PBX on demand, and its hang-up; neither is a dial. */
import { CallStatusQuerySchema, err, ok, type CallStatusResponse, type Result } from '@voipcom/shared';
import { openCallId, type PlacedCall } from '../calls/call-id';
import { findCall, listedState, unlistedState } from '../calls/call-state';
import type { Failure } from '../http/failure';
import { pathId, route, type RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import type { LoadedSession } from '../session/session-storage';

/**
 * Opens the callId of a request the route table authenticated (one KV read, no write unless the access token must
 * be refreshed) after counting it against the session's call-status limit. Another session's callId, a forged one
 * and one sealed under a retired key all get the same 404 before the PBX is asked anything, so the Worker tells
 * nobody whether an id exists.
 */
async function openOwnCall(
  { request, env, config }: RequestContext,
  session: LoadedSession,
): Promise<Result<{ api: UserApi; placed: PlacedCall; callId: string }, Failure>> {
  const callId = pathId(request);
  const placed = await openCallId(config.sessionKeys, session.keyHash, callId);
  if (placed === null) return err({ reason: 'call_not_found' });
  return ok({ api: new UserApi({ kv: env.SESSIONS, config }, session), placed, callId });
}

export const callStatus = route({
  auth: 'session_without_slide',
  limit: 'call_status',
  query: CallStatusQuerySchema,
  async handle(rc, session, query) {
    const opened = await openOwnCall(rc, session);
    if (!opened.ok) return opened;
    const { api, placed, callId } = opened.data;
    const listed = findCall(await api.activeCalls(), placed);
    const reading = listed === null ? await unlistedState(placed, Date.now(), api, query.seen) : listedState(listed);
    const body: CallStatusResponse = {
      callId,
      destination: placed.destination,
      state: reading.state,
      ...(reading.answeredAt === undefined ? {} : { answeredAt: new Date(reading.answeredAt).toISOString() }),
      ...(reading.reason === undefined ? {} : { reason: reading.reason }),
      ...(reading.message === undefined ? {} : { message: reading.message }),
    };
    return ok(Response.json(body));
  },
});

/**
 * Cancels a ringing call or hangs up a connected one; 204, also for a call that has already ended. The PBX is asked
 * to disconnect our `call-id` first; if it knows no call by that id, the call is looked up among the live ones and
 * disconnected by each of its own ids in turn.
 */
export const endCall = route({
  auth: 'session_without_slide',
  limit: 'call_status',
  async handle(rc, session) {
    const opened = await openOwnCall(rc, session);
    if (!opened.ok) return opened;
    const { api, placed } = opened.data;
    const done = ok(new Response(null, { status: 204 }));
    if (await api.disconnect(placed.pbxCallId)) return done;
    const listed = findCall(await api.activeCalls(), placed);
    if (listed === null) return done;
    for (const id of listed.ids) {
      if (id !== placed.pbxCallId && (await api.disconnect(id))) return done;
    }
    // Every id refused: the call may have ended meanwhile; if it is still up, say so rather than pretend.
    if (findCall(await api.activeCalls(), placed) === null) return done;
    return err({ reason: 'hang_up_failed' });
  },
});
