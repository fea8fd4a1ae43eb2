/** GET /v1/first-leg?device=…: will the user's phone ring? Read from the PBX on the fly; stored nowhere, not audited, not logged. */
import { FirstLegQuerySchema, parseWith, type FirstLegResponse } from '@voipcom/shared';
import { activeRule, firstLegWarnings } from '../first-leg/first-leg-warnings';
import { ApiError } from '../http/errors';
import type { RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import { authenticate } from '../session/active-session';

/**
 * Two PBX requests, one after the other (a 401 on either refreshes the session's tokens, and refresh tokens rotate:
 * two at once could spend the same one): the answer rules, then the devices. 400 when `device` is not the user's.
 */
export async function firstLeg({ request, env, config }: RequestContext): Promise<Response> {
  const query = parseWith(FirstLegQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  if (!query.ok) throw new ApiError('invalid_request', query.error);
  const deps = { kv: env.SESSIONS, config };
  const api = new UserApi(deps, await authenticate(deps, request));
  const rules = await api.answerRules();
  const devices = await api.devices();
  const device = query.data.device?.trim() || null;
  if (device !== null && !devices.some((candidate) => candidate.id === device)) {
    throw new ApiError('invalid_request', 'The device to ring first is not one of your devices.');
  }
  const body: FirstLegResponse = { warnings: firstLegWarnings(activeRule(rules), devices, device) };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
