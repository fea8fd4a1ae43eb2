/** GET /v1/policy: the privacy policy version in force and the announced next one, from the POLICY_* vars. */
import type { RequestContext } from '../http/router';

export async function getPolicy({ config }: RequestContext): Promise<Response> {
  return Response.json(config.policy);
}
