/** The /_sim/ HTTP controls: the programmatic Simulator API for tests that run the simulator as its own process. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod/mini';
import { AnswerRuleSettingSchema, type AnswerRuleSetting } from './answer-rule-registry';
import { CallScriptSchema, type CallScript } from './call-life';
import { FaultRuleSchema, type FaultRule } from './faults';
import type { RecordedCall } from './call-log';
import { HttpError, readJsonBody, sendEmpty, sendError, sendJson, validOr400 } from './http-io';

/** The part of the Simulator these routes drive (also its programmatic controls). */
export interface SimulatorControls {
  /** Every call request accepted so far, ended ones included, with where each call is now. */
  calls(): RecordedCall[];
  /** Forgets every call and the script set by controlNextCall. */
  clearCalls(): void;
  /**
   * The script of the next call request accepted, whoever places it (unset fields: DEFAULT_CALL_SCRIPT); null
   * forgets it. E.g. `{ringYouMs: null}` keeps the next call ringing your phone until controlCall moves it.
   */
  controlNextCall(script: CallScript | null): void;
  /**
   * Changes the rest of the script of the latest call placed with this `call-id` (RangeError when there is none).
   * A duration given for the phase the call is in counts from now: `{you: 'decline', ringYouMs: 0}` declines at once.
   */
  controlCall(callId: string, script: CallScript): void;
  /** Registers or unregisters a demo device (RangeError for an unknown one); lasts until changed again. */
  setDeviceRegistered(device: string, registered: boolean): void;
  /**
   * Changes the active answer rule of the user with this uid (RangeError for an unknown one): unset fields keep
   * their value. Lasts until changed again or resetAnswerRules().
   */
  setAnswerRule(uid: string, setting: AnswerRuleSetting): void;
  /** Every user's active answer rule back to no features (no do-not-disturb, forwarding or simultaneous ring). */
  resetAnswerRules(): void;
  /** How far the PBX's clock runs ahead of the host's, in ms (negative: behind): shifts the datetimes it reports. */
  setClockSkew(ms: number): void;
  setFault(rule: FaultRule | null): void;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  /** Requests received under /ns-api/v2 (the /_sim/ controls are not counted). */
  requestCount(): number;
}

type Action = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

const DeviceStateSchema = z.strictObject({ registered: z.boolean() });
const ClockSkewSchema = z.strictObject({ ms: z.int().check(z.minimum(-86_400_000), z.maximum(86_400_000)) });

async function readValid<T>(req: IncomingMessage, schema: z.ZodMiniType<T>): Promise<T> {
  return validOr400(schema, await readJsonBody(req));
}

/** Runs a control that names a call or device, answering 404 when it names none. */
function orNotFound(control: () => void): void {
  try {
    control();
  } catch (error) {
    if (error instanceof RangeError) throw new HttpError(404, error.message);
    throw error;
  }
}

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
    '/_sim/next-call': {
      PUT: async (req, res) => {
        sim.controlNextCall(await readValid(req, CallScriptSchema));
        sendEmpty(res, 204);
      },
      DELETE: (_req, res) => {
        sim.controlNextCall(null);
        sendEmpty(res, 204);
      },
    },
    '/_sim/answer-rules': {
      DELETE: (_req, res) => {
        sim.resetAnswerRules();
        sendEmpty(res, 204);
      },
    },
    '/_sim/clock-skew': {
      PUT: async (req, res) => {
        sim.setClockSkew((await readValid(req, ClockSkewSchema)).ms);
        sendEmpty(res, 204);
      },
    },
    '/_sim/fault': {
      PUT: async (req, res) => {
        sim.setFault(await readValid(req, FaultRuleSchema));
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

/** `/_sim/calls/{call-id}` and `/_sim/devices/{device}`: the id is the last path segment. */
function idRoutes(sim: SimulatorControls, prefix: string, id: string): Partial<Record<string, Action>> | undefined {
  switch (prefix) {
    case '/_sim/calls':
      return {
        PATCH: async (req, res) => {
          const script = await readValid(req, CallScriptSchema);
          orNotFound(() => sim.controlCall(id, script));
          sendEmpty(res, 204);
        },
      };
    case '/_sim/answer-rules':
      return {
        PUT: async (req, res) => {
          const setting = await readValid(req, AnswerRuleSettingSchema);
          orNotFound(() => sim.setAnswerRule(id, setting));
          sendEmpty(res, 204);
        },
      };
    case '/_sim/devices':
      return {
        PUT: async (req, res) => {
          const { registered } = await readValid(req, DeviceStateSchema);
          orNotFound(() => sim.setDeviceRegistered(id, registered));
          sendEmpty(res, 204);
        },
      };
    default:
      return undefined;
  }
}

function findControl(sim: SimulatorControls, pathname: string): Partial<Record<string, Action>> | undefined {
  const exact = routes(sim)[pathname];
  if (exact !== undefined) return exact;
  const slash = pathname.lastIndexOf('/');
  let id: string;
  try {
    id = decodeURIComponent(pathname.slice(slash + 1));
  } catch {
    throw new HttpError(400, 'Malformed path');
  }
  return id === '' ? undefined : idRoutes(sim, pathname.slice(0, slash), id);
}

export async function handleControl(sim: SimulatorControls, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  try {
    const route = findControl(sim, pathname);
    const action = route?.[req.method ?? ''];
    if (route === undefined) throw new HttpError(404, 'Not Found');
    if (action === undefined) throw new HttpError(405, 'Method Not Allowed', { Allow: Object.keys(route).join(', ') });
    await action(req, res);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendError(res, error.status, error.message, error.headers);
  }
}
