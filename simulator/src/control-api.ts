/** The /_sim/ HTTP controls: the programmatic Simulator API for tests that run the simulator as its own process. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultRuleSchema, type FaultRule } from './faults';
import type { RecordedCall } from './call-log';
import { HttpError, readJsonBody, sendEmpty, sendError, sendJson } from './http-io';
import { describeIssue } from './ns-schemas';

/** The part of the Simulator these routes drive (also its programmatic controls). */
export interface SimulatorControls {
  calls(): RecordedCall[];
  clearCalls(): void;
  setFault(rule: FaultRule | null): void;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  /** Requests received under /ns-api/v2 (the /_sim/ controls are not counted). */
  requestCount(): number;
}

type Action = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

function routes(sim: SimulatorControls): Record<string, Partial<Record<string, Action>>> {
  return {
    '/_sim/health': { GET: (_req, res) => sendJson(res, 200, { ok: true, requestCount: sim.requestCount() }) },
    '/_sim/calls': {
      GET: (_req, res) => sendJson(res, 200, sim.calls()),
      DELETE: (_req, res) => {
        sim.clearCalls();
        sendEmpty(res, 204);
      },
    },
    '/_sim/fault': {
      PUT: async (req, res) => {
        const parsed = FaultRuleSchema.safeParse(await readJsonBody(req));
        if (!parsed.success) throw new HttpError(400, describeIssue(parsed.error));
        sim.setFault(parsed.data);
        sendEmpty(res, 204);
      },
      DELETE: (_req, res) => {
        sim.setFault(null);
        sendEmpty(res, 204);
      },
    },
    '/_sim/expire-tokens': {
      POST: (_req, res) => {
        sim.expireAccessTokens();
        sendEmpty(res, 204);
      },
    },
    '/_sim/revoke-refresh-tokens': {
      POST: (_req, res) => {
        sim.revokeRefreshTokens();
        sendEmpty(res, 204);
      },
    },
  };
}

export async function handleControl(
  sim: SimulatorControls,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const route = routes(sim)[pathname];
  const action = route?.[req.method ?? ''];
  try {
    if (route === undefined) throw new HttpError(404, 'Not Found');
    if (action === undefined) throw new HttpError(405, 'Method Not Allowed', { Allow: Object.keys(route).join(', ') });
    await action(req, res);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendError(res, error.status, error.message, error.headers);
  }
}
