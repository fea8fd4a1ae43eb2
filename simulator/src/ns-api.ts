/** The simulated NetSapiens API v2: routing, bearer auth, `~` resolution and the handlers of /tokens, user, devices and calls (placed, listed, read one, disconnected). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerRuleBodies, type AnswerRuleRegistry } from './answer-rule-registry';
import type { CallLog } from './call-log';
import { findDemoUser, type DemoUser } from './demo-users';
import type { DeviceRegistry } from './device-registry';
import { routeFirstLeg } from './first-leg';
import { HttpError, readJsonBody, sendEmpty, sendError, sendJson, validOr400 } from './http-io';
import { CallRequestSchema, DomainPathSchema, TokenRequestSchema, UserPathSchema, type TokenRequest } from './ns-schemas';
import { accessTokenBody, activeCallBody, deviceBodies, mfaRequiredBody, userBody } from './ns-resources';
import type { TokenRegistry } from './token-registry';

export interface NsApiDeps {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokens: TokenRegistry;
  readonly calls: CallLog;
  readonly devices: DeviceRegistry;
  readonly answerRules: AnswerRuleRegistry;
  /** Everyone who can sign in: the demo users and any crowd users. */
  readonly users: readonly DemoUser[];
  /** How far the PBX's clock is ahead of the host's (ms): shifts the datetimes it reports. */
  readonly clockSkewMs: () => number;
}

interface Reply {
  readonly status: number;
  /** undefined: an empty body (NetSapiens' usual 202). */
  readonly body?: unknown;
}

type Method = 'GET' | 'POST' | 'DELETE';
type Route = Partial<Record<Method, () => Promise<Reply>>>;

/** Answers one request whose path (relative to /ns-api/v2) is `path`. */
export async function handleNsApi(deps: NsApiDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const reply = await dispatch(deps, req, path);
    if (reply.body === undefined) sendEmpty(res, reply.status);
    else sendJson(res, reply.status, reply.body);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendError(res, error.status, error.message, error.headers);
  }
}

function dispatch(deps: NsApiDeps, req: IncomingMessage, path: string): Promise<Reply> {
  const route = findRoute(deps, req, splitPath(path));
  if (route === undefined) throw new HttpError(404, 'Not Found');
  const handler = route[req.method as Method];
  if (handler === undefined) {
    throw new HttpError(405, 'Method Not Allowed', { Allow: Object.keys(route).join(', ') });
  }
  return handler();
}

function splitPath(path: string): string[] {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw new HttpError(400, 'Malformed path');
  }
}

function findRoute(deps: NsApiDeps, req: IncomingMessage, segments: string[]): Route | undefined {
  const [first, domain, users, user, resource, ...extra] = segments;
  if (first === 'tokens' && segments.length === 1) {
    return { POST: () => issueTokens(deps, req) };
  }
  if (first !== 'domains' || users !== 'users' || domain === undefined || user === undefined) return undefined;
  const owner = () => authorize(deps, req, domain, user);
  const [callId, ...beyond] = extra;
  if (resource === 'calls' && callId !== undefined && beyond.length === 0) return oneCallRoute(deps, owner, callId);
  if (extra.length > 0) return undefined;
  switch (resource) {
    case undefined:
      return { GET: async () => ({ status: 200, body: userBody(owner()) }) };
    case 'devices':
      return { GET: async () => ({ status: 200, body: deviceBodies(owner(), deps.devices) }) };
    case 'answerrules':
      return {
        GET: async () => {
          const user = owner();
          return { status: 200, body: answerRuleBodies(user, deps.answerRules.rule(user)) };
        },
      };
    case 'calls':
      return {
        GET: async () => {
          const skew = deps.clockSkewMs();
          return { status: 200, body: deps.calls.live(owner()).map((call) => activeCallBody(call, skew)) };
        },
        POST: () => placeCall(deps, req, owner()),
      };
    default:
      return undefined;
  }
}

/**
 * `/calls/{callid}` (read) and `/calls/{call_id}` (disconnect) share a path; the id is the call's
 * `call-orig-call-id`. A call that has ended, or was never the user's, is 404.
 */
function oneCallRoute(deps: NsApiDeps, owner: () => DemoUser, callId: string): Route {
  return {
    GET: async () => {
      const call = deps.calls.findLive(owner(), callId);
      if (call === undefined) throw new HttpError(404, 'Call Not Found');
      return { status: 200, body: activeCallBody(call, deps.clockSkewMs()) };
    },
    DELETE: async () => {
      if (!deps.calls.disconnect(owner(), callId)) throw new HttpError(404, 'Call Not Found');
      // The description's 200 answer is an object without properties.
      return { status: 200, body: {} };
    },
  };
}

/** The user behind the bearer token, who must be the one the path names (`~` naming the token's own). */
function authorize(deps: NsApiDeps, req: IncomingMessage, domainParam: string, userParam: string): DemoUser {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] === undefined) throw new HttpError(401, 'Authentication Required');
  const grant = deps.tokens.lookup(match[1]);
  if (grant === undefined) throw new HttpError(401, 'Invalid or expired access token');
  if (grant.kind !== 'full') throw new HttpError(403, 'Multi-factor authentication required');
  const domain = validOr400(DomainPathSchema, domainParam);
  const user = validOr400(UserPathSchema, userParam);
  const owner = grant.user;
  const sameDomain = domain === '~' || domain.toLowerCase() === owner.domain.toLowerCase();
  const sameUser = user === '~' || user === owner.user;
  if (!sameDomain || !sameUser) throw new HttpError(403, 'Forbidden');
  return owner;
}

async function placeCall(deps: NsApiDeps, req: IncomingMessage, caller: DemoUser): Promise<Reply> {
  const request = validOr400(CallRequestSchema, await readJsonBody(req));
  // The PBX accepts the request before it rings anything (202 says only that): a first leg that can ring nothing
  // (do-not-disturb, no registered phone) makes the call fail afterwards, and it is never listed.
  const firstLeg = routeFirstLeg(caller, request['call-orig-user'] ?? '', deps.answerRules.rule(caller), deps.devices);
  const call = deps.calls.record(caller, request, firstLeg);
  // Synchronous "yes" answers 200 with the new resource, "no" 202 Accepted with an empty body (Synchronous schema).
  return request.synchronous === 'yes' ? { status: 200, body: activeCallBody(call, deps.clockSkewMs()) } : { status: 202 };
}

async function issueTokens(deps: NsApiDeps, req: IncomingMessage): Promise<Reply> {
  const request = validOr400(TokenRequestSchema, await readJsonBody(req));
  if (request.client_id !== deps.clientId || request.client_secret !== deps.clientSecret) {
    throw new HttpError(401, 'Invalid client_id or client_secret');
  }
  const expiresIn = deps.tokens.lifetimeSeconds;
  switch (request.grant_type) {
    case 'password': {
      const user = checkPassword(deps.users, request);
      if (user.mfaPasscode !== null) {
        return { status: 200, body: mfaRequiredBody(user, deps.tokens.issueMfa(user), deps.clientId, expiresIn) };
      }
      return { status: 200, body: accessTokenBody(user, deps.tokens.issueFull(user), deps.clientId, expiresIn) };
    }
    case 'refresh_token': {
      const rotated = deps.tokens.rotate(request.refresh_token);
      if (rotated === undefined) throw new HttpError(401, 'Invalid refresh token');
      return { status: 200, body: accessTokenBody(rotated.user, rotated, deps.clientId, expiresIn) };
    }
    case 'mfa': {
      const user = checkPassword(deps.users, request);
      const grant = deps.tokens.lookup(request.access_token);
      if (grant === undefined || grant.kind !== 'mfa' || grant.user !== user) {
        throw new HttpError(401, 'Invalid or expired MFA access token');
      }
      if (request.passcode !== user.mfaPasscode) throw new HttpError(401, 'Invalid passcode');
      deps.tokens.forget(request.access_token);
      return { status: 200, body: accessTokenBody(user, deps.tokens.issueFull(user), deps.clientId, expiresIn) };
    }
  }
}

/** One answer for unknown user and wrong password, so usernames cannot be probed. */
function checkPassword(users: readonly DemoUser[], request: Extract<TokenRequest, { username: string }>): DemoUser {
  const user = findDemoUser(users, request.username);
  if (user === undefined || user.password !== request.password) {
    throw new HttpError(401, 'Invalid username or password');
  }
  return user;
}
