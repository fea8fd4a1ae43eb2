/** GET /v1/devices: the caller's NetSapiens devices as {id, label}. */
import { ok, type DevicesResponse } from '@voipcom/shared';
import { route } from '../http/router';
import { UserApi } from '../netsapiens/user-api';

export const listDevices = route({
  auth: 'session',
  async handle({ env, config }, session) {
    const body: DevicesResponse = { devices: await new UserApi({ kv: env.SESSIONS, config }, session).devices() };
    return ok(Response.json(body));
  },
});
