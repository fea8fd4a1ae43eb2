/** GET /v1/policy: the privacy policy version in force and the announced next one, from the POLICY_* vars. */
import { ok, type PolicyResponse } from '@voipcom/shared';
import { route } from '../http/router';

export const getPolicy = route({
  auth: 'none',
  async handle({ config }) {
    const { current, upcoming } = config.policy;
    // Shown from its announcement date on (UTC days), so every user sees it at least 14 days ahead (config.ts).
    const today = new Date().toISOString().slice(0, 10);
    const body: PolicyResponse = { current, upcoming: upcoming !== null && upcoming.announced <= today ? upcoming : null };
    return ok(Response.json(body));
  },
});
