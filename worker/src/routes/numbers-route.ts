/**
 * POST /v1/numbers/describe: what the Worker would do with a number, asked by the confirmation window before Call
 * is armed, judged as a dial judges it (the service's rules, then the organisation's: one KV read more). Nothing is
 * stored, audited or logged (the number least of all): it is not a dial.
 */
import { DescribeNumberRequestSchema } from '@voipcom/shared';
import { rateLimited } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import { withinLimit } from '../http/rate-limits';
import type { RequestContext } from '../http/router';
import { orgRulesOf } from '../org-rules/dial-rules';
import { readDestination } from '../phone/dial-destination';
import { authenticateWithoutSlide, bearerKeyHash } from '../session/active-session';

export async function describeNumber({ request, env, config }: RequestContext): Promise<Response> {
  const keyHash = await bearerKeyHash(request);
  // Counted per session before the session is read; one KV read and no write, like a call status read.
  if (!(await withinLimit(env.DESCRIBE_LIMITER, keyHash))) {
    throw rateLimited('Too many numbers looked up in a short time. Wait a minute and try again.');
  }
  const session = await authenticateWithoutSlide({ kv: env.SESSIONS, config }, keyHash);
  const { number } = await readJsonBody(request, DescribeNumberRequestSchema);
  const { description } = await readDestination(number, config.refusedNumbers, orgRulesOf(env.AUDIT_ARCHIVE, session.record.user.domain));
  return Response.json(description);
}
