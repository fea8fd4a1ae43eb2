/** The NetSapiens API v2 simulator: starts the HTTP server and exposes its programmatic controls. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnswerRuleRegistry } from './answer-rule-registry';
import { CallLog } from './call-log';
import { crowdUsers, DEMO_USERS } from './demo-users';
import { handleControl, type SimulatorControls } from './control-api';
import { DeviceRegistry } from './device-registry';
import { applyFault, FaultState } from './faults';
import { sendError } from './http-io';
import { handleNsApi } from './ns-api';
import { TokenRegistry } from './token-registry';

export { CROWD_DOMAIN, crowdUsers, DEMO_DOMAIN, DEMO_USERS, MAX_CROWD_USERS, type DemoDevice, type DemoUser } from './demo-users';
export type { Fault, FaultRule } from './faults';
export type { RecordedCall } from './call-log';
export type { AnswerRuleSetting } from './answer-rule-registry';
export { DEFAULT_CALL_SCRIPT, type CallEnd, type CallPhase, type CallScript, type TheirAnswer, type YourAnswer } from './call-life';
export type { CallRequest } from './ns-schemas';

export interface SimulatorOptions {
  /** 0 = a random free port; default 8790. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Default 3600; 0 issues tokens that are already expired. */
  accessTokenLifetimeSeconds?: number;
  /** Extra accounts for load runs besides the demo users (crowdUsers(n)); default 0. */
  crowdUsers?: number;
}

/**
 * A running simulator. Besides faults and tokens, its controls (SimulatorControls) steer each call's life:
 * controlNextCall(script) before a dial, controlCall(callId, script) during one (callId = the request's `call-id`,
 * e.g. `calls().at(-1)!.request['call-id']`), setDeviceRegistered(device, online), setAnswerRule(uid, setting)
 * (do-not-disturb, forward-always, simultaneous ring on the user's active answer rule) and setClockSkew(ms).
 */
export interface Simulator extends SimulatorControls {
  readonly origin: string;
  /** origin + '/ns-api/v2'. */
  readonly apiBase: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8790;
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const API_PREFIX = '/ns-api/v2';

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const lifetime = options.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS;
  if (!Number.isFinite(lifetime) || lifetime < 0) throw new RangeError('accessTokenLifetimeSeconds must be >= 0');
  if (options.clientId === '' || options.clientSecret === '') throw new Error('clientId and clientSecret are required');

  const tokens = new TokenRegistry(lifetime);
  const callLog = new CallLog();
  const users = [...Object.values(DEMO_USERS), ...crowdUsers(options.crowdUsers ?? 0)];
  const devices = new DeviceRegistry(users);
  const answerRules = new AnswerRuleRegistry(users);
  const faults = new FaultState();
  let clockSkewMs = 0;
  // Aborted by close(), so requests held by a delay fault do not keep the process alive.
  const shutdown = new AbortController();
  let received = 0;

  const controls: SimulatorControls = {
    calls: () => callLog.all(),
    clearCalls: () => callLog.clear(),
    controlNextCall: (script) => callLog.controlNext(script),
    controlCall: (callId, script) => callLog.control(callId, script),
    setDeviceRegistered: (device, registered) => devices.set(device, registered),
    setAnswerRule: (uid, setting) => answerRules.set(uid, setting),
    resetAnswerRules: () => answerRules.reset(),
    setClockSkew: (ms) => {
      clockSkewMs = ms;
    },
    setFault: (rule) => faults.set(rule),
    expireAccessTokens: () => tokens.expireAllAccessTokens(),
    revokeRefreshTokens: () => tokens.revokeAllRefreshTokens(),
    requestCount: () => received,
  };
  const deps = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokens,
    calls: callLog,
    devices,
    answerRules,
    users,
    clockSkewMs: () => clockSkewMs,
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) {
      received += 1;
      const path = pathname.slice(API_PREFIX.length);
      const fault = faults.take(req.method ?? 'GET', path);
      if (fault !== null && (await applyFault(fault, res, shutdown.signal))) return;
      await handleNsApi(deps, req, res, path);
    } else if (pathname.startsWith('/_sim/')) {
      await handleControl(controls, req, res, pathname);
    } else {
      sendError(res, 404, 'Not Found');
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // The reason goes to the client (a test) rather than a log, which must never see request data.
      if (!res.headersSent) sendError(res, 500, `Internal Server Error: ${String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostPart}:${address.port}`;
  return {
    ...controls,
    origin,
    apiBase: `${origin}${API_PREFIX}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
