/** The Voipcom Click-to-Dial Worker: fetch (the /v1 API) and scheduled (cron jobs). */
import { API_PATHS, err } from '@voipcom/shared';
import { parseConfig } from './config';
import type { Env } from './env';
import { answerOf, Failed, failureResponse } from './http/failure';
import { checkLimit } from './http/rate-limits';
import { guardedStorage } from './http/platform-faults';
import { finalizeResponse, originAllowed, preflightResponse } from './http/response-headers';
import { findHandler, ID_SEGMENT, type Answer, type RequestContext, type Routes } from './http/router';
import { logFailure, logWarning } from './log';
import { readAuditRecords } from './routes/audit-records-route';
import { purgeAccountData } from './routes/purge-route';
import { scheduledAuditExport } from './audit-export/scheduled-export';
import { callStatus, endCall } from './routes/call-routes';
import { placeCall } from './routes/calls-route';
import { listDevices } from './routes/devices-route';
import { describeNumber } from './routes/numbers-route';
import { firstLeg } from './routes/first-leg-route';
import { adminReadOrgRules, adminSetOrgRules, ownOrgRules } from './routes/org-rules-routes';
import { getPolicy } from './routes/policy-route';
import { sessionStatus, signIn, signOut } from './routes/session-routes';

/** Every endpoint; each handler is a `route({auth, limit?, query?, handle})` that declares what it needs. */
const routes: Routes = {
  [API_PATHS.session]: { POST: signIn, GET: sessionStatus, DELETE: signOut },
  [API_PATHS.calls]: { POST: placeCall },
  [`${API_PATHS.calls}${ID_SEGMENT}`]: { GET: callStatus, DELETE: endCall },
  [API_PATHS.devices]: { GET: listDevices },
  [API_PATHS.describeNumber]: { POST: describeNumber },
  [API_PATHS.policy]: { GET: getPolicy },
  [API_PATHS.firstLeg]: { GET: firstLeg },
  [API_PATHS.orgRules]: { GET: ownOrgRules },
  [API_PATHS.adminOrgRules]: { GET: adminReadOrgRules, PUT: adminSetOrgRules },
  [API_PATHS.purge]: { POST: purgeAccountData },
  [API_PATHS.auditRecords]: { POST: readAuditRecords },
};

/** Cron jobs, run in order for every trigger in wrangler.toml. */
const cronJobs: ReadonlyArray<(controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>> = [scheduledAuditExport];

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const origin = request.headers.get('Origin');
    const parsed = parseConfig(env);
    if (!parsed.ok) {
      logWarning('invalid_configuration', parsed.error);
      return finalizeResponse(failureResponse({ reason: 'not_configured' }), null, null);
    }
    const config = parsed.data;
    const clientIp = request.headers.get('CF-Connecting-IP') ?? 'unknown';
    const response = await handle({ request, env: guardedStorage(env), config, ctx, clientIp }, origin);
    return finalizeResponse(response, origin, config.allowedOrigins);
  },

  async scheduled(controller, env, ctx): Promise<void> {
    for (const job of cronJobs) await job(controller, env, ctx);
  },
} satisfies ExportedHandler<Env>;

async function handle(rc: RequestContext, origin: string | null): Promise<Response> {
  const { request, config } = rc;
  if (!originAllowed(origin, config.allowedOrigins)) return failureResponse({ reason: 'origin_refused' });
  if (request.method === 'OPTIONS') {
    return origin === null
      ? new Response(null, { status: 204, headers: { Allow: 'GET, POST, PUT, DELETE, OPTIONS' } })
      : preflightResponse(origin);
  }
  const answer = await answered(rc);
  return answer.ok ? answer.data : failureResponse(answer.error);
}

/** The one catch: a thrown Failed is answered as its failure (its cause logged), anything else is a bug (500). */
async function answered(rc: RequestContext): Promise<Answer> {
  try {
    const within = await checkLimit(rc.env, 'ip', `ip:${rc.clientIp}`);
    if (!within.ok) return within;
    const handler = findHandler(routes, rc.request.method, new URL(rc.request.url).pathname);
    return handler.ok ? await handler.data(rc) : handler;
  } catch (error) {
    if (!(error instanceof Failed)) {
      logFailure('unhandled_error', error);
      return err({ reason: 'unexpected' });
    }
    // Why the PBX could not be reached: the transport error's name and message (never a request's headers or body).
    if (error.cause !== undefined) logFailure(`failed:${answerOf(error.failure).audit}`, error.cause);
    return err(error.failure);
  }
}
