/** GET /v1/devices: the caller's NetSapiens devices as {id, label}. */
import type { DevicesResponse } from '@voipcom/shared';
import type { RequestContext } from '../http/router';
import { UserApi } from '../netsapiens/user-api';
import { authenticate } from '../session/active-session';

export async function listDevices({ request, env, config }: RequestContext): Promise<Response> {
  const deps = { kv: env.SESSIONS, config };
  const session = await authenticate(deps, request);
  const body: DevicesResponse = { devices: await new UserApi(deps, session).devices() };
  return Response.json(body);
}
