/** GET /v1/policy: the privacy policy version in force and the announced next one, from the POLICY_* vars. */
import type { PolicyResponse } from '@voipcom/shared';
import type { RequestContext } from '../http/router';

export async function getPolicy({ config }: RequestContext): Promise<Response> {
  const { current, upcoming } = config.policy;
  // Shown from its announcement date on (UTC days), so every user sees it at least 14 days ahead (config.ts).
  const today = new Date().toISOString().slice(0, 10);
  const body: PolicyResponse = { current, upcoming: upcoming !== null && upcoming.announced <= today ? upcoming : null };
  return Response.json(body);
}
