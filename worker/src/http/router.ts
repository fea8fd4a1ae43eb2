/**
 * The request context, and routes declared with what they need before their handler runs: a query schema,
 * authentication (none, a session, a session read without its slide, Cloudflare Access) and a rate limit.
 * A lookup from path (or path with an id) and method finds the route (404/405 otherwise).
 */
import { err, ok, parseWith, type Result } from '@voipcom/shared';
import type { $ZodType, output } from 'zod/v4/core';
import { requireAccessJwt, type AccessIdentity } from '../admin/access-jwt';
import type { Config } from '../config';
import type { Env } from '../env';
import { authenticate, authenticateWithoutSlide, bearerKeyHash } from '../session/active-session';
import type { LoadedSession } from '../session/session-storage';
import type { Failure, LimitName } from './failure';
import { checkLimit } from './rate-limits';

export interface RequestContext {
  request: Request;
  env: Env;
  config: Config;
  ctx: ExecutionContext;
  /** CF-Connecting-IP; used only as a rate-limit key. */
  clientIp: string;
}

/** What a route's handler answers: its response, or the failure the route table turns into the error answer. */
export type Answer = Result<Response, Failure>;
export type Handler = (rc: RequestContext) => Promise<Answer>;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Routes = Readonly<Record<string, Partial<Record<Method, Handler>>>>;

/** Who is calling, as each kind of authentication finds it. */
interface Callers {
  /** No authentication (the handler may still read a bearer itself, as sign-out does). */
  none: undefined;
  /** A bearer session, refreshed when its access token is due and slid once a day (active-session.ts). */
  session: LoadedSession;
  /** A bearer session read at one KV read and no write (requests polled while a call is up). */
  session_without_slide: LoadedSession;
  /** Cloudflare Access (admin routes): the staff member or service token. */
  access: AccessIdentity;
}
type AuthKind = keyof Callers;

/** A route's declaration; the order of its checks is query, limit, authentication, handler. */
interface RouteSpec<A extends AuthKind, S extends $ZodType | undefined> {
  auth: A;
  /**
   * Counted before the session is read, so a limited caller costs no KV read: keyed by the client IP without
   * authentication, by the bearer's session key hash with `session_without_slide`.
   */
  limit?: A extends 'none' | 'session_without_slide' ? LimitName : never;
  /** The query string's schema, checked first (a malformed query is 400 before anything is counted or read). */
  query?: S;
  handle(rc: RequestContext, caller: Callers[A], query: S extends $ZodType ? output<S> : undefined): Promise<Answer>;
}

/** A route from its declaration: the one place where queries, limits and authentication are checked. */
export function route<A extends AuthKind, S extends $ZodType | undefined = undefined>(spec: RouteSpec<A, S>): Handler {
  return async (rc) => {
    let query: unknown;
    if (spec.query !== undefined) {
      const parsed = parseWith(spec.query, Object.fromEntries(new URL(rc.request.url).searchParams));
      if (!parsed.ok) return err({ reason: 'invalid_input', issues: parsed.error });
      query = parsed.data;
    }
    const caller = await authenticated(rc, spec.auth, spec.limit);
    if (!caller.ok) return caller;
    return spec.handle(rc, caller.data as Callers[A], query as S extends $ZodType ? output<S> : undefined);
  };
}

async function authenticated(
  rc: RequestContext,
  auth: AuthKind,
  limit: LimitName | undefined,
): Promise<Result<Callers[AuthKind], Failure>> {
  const { request, env, config } = rc;
  const deps = { kv: env.SESSIONS, config };
  switch (auth) {
    case 'none': {
      const within = limit === undefined ? undefined : await checkLimit(env, limit, `ip:${rc.clientIp}`);
      return within?.ok === false ? within : ok(undefined);
    }
    case 'session':
      return ok(await authenticate(deps, request));
    case 'session_without_slide': {
      const keyHash = await bearerKeyHash(request);
      const within = limit === undefined ? undefined : await checkLimit(env, limit, keyHash);
      if (within?.ok === false) return within;
      return ok(await authenticateWithoutSlide(deps, keyHash));
    }
    case 'access':
      return requireAccessJwt(request, env);
  }
}

/** A route key ending in this takes one more path segment, an id, which the handler reads with pathId(). */
export const ID_SEGMENT = '/{id}';

/** The handler for the request, or why there is none (404, 405). */
export function findHandler(routes: Routes, method: string, path: string): Result<Handler, Failure> {
  const found = Object.hasOwn(routes, path) ? routes[path] : idRoute(routes, path);
  if (found === undefined) return err({ reason: 'no_such_endpoint' });
  const handler = found[method as Method];
  if (handler === undefined) return err({ reason: 'method_not_allowed', allow: [...Object.keys(found), 'OPTIONS'].join(', ') });
  return ok(handler);
}

/** `/v1/calls/abc` finds the route `/v1/calls/{id}`; an empty last segment finds none. */
function idRoute(routes: Routes, path: string): Routes[string] | undefined {
  const slash = path.lastIndexOf('/');
  if (slash <= 0 || slash === path.length - 1) return undefined;
  const key = `${path.slice(0, slash)}${ID_SEGMENT}`;
  return Object.hasOwn(routes, key) ? routes[key] : undefined;
}

/** The id segment of a request routed through an ID_SEGMENT route, as sent (ids are checked by their handler). */
export function pathId(request: Request): string {
  const path = new URL(request.url).pathname;
  return path.slice(path.lastIndexOf('/') + 1);
}
