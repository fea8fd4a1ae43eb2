/** The Voipcom Click-to-Dial Worker: fetch (the /v1 API) and scheduled (cron jobs). */
import { API_PATHS } from '@voipcom/shared';
import { parseConfig } from './config';
import type { Env } from './env';
import { ApiError, apiErrorResponse, errorResponse, rateLimited } from './http/errors';
import { withinLimit } from './http/rate-limits';
import { finalizeResponse, originAllowed, preflightResponse } from './http/response-headers';
import { findHandler, ID_SEGMENT, type RequestContext, type Routes } from './http/router';
import { logFailure, logWarning } from './log';
import { readAuditRecords } from './routes/audit-records-route';
import { purgeAccountData } from './routes/purge-route';
import { scheduledAuditExport } from './audit-export/scheduled-export';
import { callStatus, endCall } from './routes/call-routes';
import { placeCall } from './routes/calls-route';
import { listDevices } from './routes/devices-route';
import { firstLeg } from './routes/first-leg-route';
import { adminReadOrgRules, adminSetOrgRules, ownOrgRules } from './routes/org-rules-routes';
import { getPolicy } from './routes/policy-route';
import { sessionStatus, signIn, signOut } from './routes/session-routes';

const routes: Routes = {
  [API_PATHS.session]: { POST: signIn, GET: sessionStatus, DELETE: signOut },
  [API_PATHS.calls]: { POST: placeCall },
  [`${API_PATHS.calls}${ID_SEGMENT}`]: { GET: callStatus, DELETE: endCall },
  [API_PATHS.devices]: { GET: listDevices },
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
      return finalizeResponse(errorResponse('internal_error', 'The service is not available.'), null, null);
    }
    const config = parsed.data;
    const clientIp = request.headers.get('CF-Connecting-IP') ?? 'unknown';
    const response = await handle({ request, env, config, ctx, clientIp }, origin);
    return finalizeResponse(response, origin, config.allowedOrigins);
  },

  async scheduled(controller, env, ctx): Promise<void> {
    for (const job of cronJobs) await job(controller, env, ctx);
  },
} satisfies ExportedHandler<Env>;

async function handle(rc: RequestContext, origin: string | null): Promise<Response> {
  const { request, env, config } = rc;
  if (!originAllowed(origin, config.allowedOrigins)) {
    return errorResponse('forbidden', 'This origin may not use the API.');
  }
  if (request.method === 'OPTIONS') {
    return origin === null ? new Response(null, { status: 204, headers: { Allow: 'GET, POST, PUT, DELETE, OPTIONS' } }) : preflightResponse(origin);
  }
  try {
    if (!(await withinLimit(env.REQUEST_IP_LIMITER, `ip:${rc.clientIp}`))) {
      throw rateLimited('Too many requests from this network. Wait a minute and try again.');
    }
    const handler = findHandler(routes, request.method, new URL(request.url).pathname);
    if (handler instanceof Response) return handler;
    return await handler(rc);
  } catch (error) {
    if (error instanceof ApiError) return apiErrorResponse(error);
    logFailure('unhandled_error', error);
    return errorResponse('internal_error', 'Something went wrong on our side.');
  }
}
