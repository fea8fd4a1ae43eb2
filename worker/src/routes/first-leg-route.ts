/** GET /v1/first-leg?device=…: will the user's phone ring? Read from the PBX on the fly; stored nowhere, not audited, not logged. */
import { err, FirstLegQuerySchema, ok, type FirstLegResponse } from '@voipcom/shared';
import { activeRule, firstLegWarnings } from '../first-leg/first-leg-warnings';
import { route } from '../http/router';
import { UserApi } from '../netsapiens/user-api';

/**
 * Two PBX requests, one after the other (a 401 on either refreshes the session's tokens, and refresh tokens rotate:
 * two at once could spend the same one): the answer rules, then the devices. 400 when `device` is not the user's.
 */
export const firstLeg = route({
  auth: 'session',
  query: FirstLegQuerySchema,
  async handle({ env, config }, session, query) {
    const api = new UserApi({ kv: env.SESSIONS, config }, session);
    const rules = await api.answerRules();
    const devices = await api.devices();
    const device = query.device?.trim() || null;
    if (device !== null && !devices.some((candidate) => candidate.id === device)) return err({ reason: 'not_own_device' });
    const body: FirstLegResponse = { warnings: firstLegWarnings(activeRule(rules), devices, device) };
    return ok(Response.json(body, { headers: { 'Cache-Control': 'no-store' } }));
  },
});
