/**
 * POST /v1/numbers/describe: what the Worker would do with a number, asked by the confirmation window before Call
 * is armed, judged as a dial judges it (the service's rules, then the organisation's: one KV read more). Nothing is
 * stored, audited or logged (the number least of all): it is not a dial.
 */
import { DescribeNumberRequestSchema, ok } from '@voipcom/shared';
import { readJsonBody } from '../http/json-body';
import { route } from '../http/router';
import { orgRulesOf } from '../org-rules/dial-rules';
import { readDestination } from '../phone/dial-destination';

/** Counted per session before the session is read; one KV read and no write, like a call status read. */
export const describeNumber = route({
  auth: 'session_without_slide',
  limit: 'describe',
  async handle({ request, env, config }, session) {
    const body = await readJsonBody(request, DescribeNumberRequestSchema);
    if (!body.ok) return body;
    const { description } = await readDestination(
      body.data.number,
      config.refusedNumbers,
      orgRulesOf(env.AUDIT_ARCHIVE, session.record.user.domain),
    );
    return ok(Response.json(description));
  },
});
