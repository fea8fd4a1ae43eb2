/** The request context handlers receive, and a lookup table from path (or path with an id) and method to handler (404/405 otherwise). */
import type { Config } from '../config';
import type { Env } from '../env';
import { errorResponse } from './errors';

export interface RequestContext {
  request: Request;
  env: Env;
  config: Config;
  ctx: ExecutionContext;
  /** CF-Connecting-IP; used only as a rate-limit key. */
  clientIp: string;
}

export type Handler = (rc: RequestContext) => Promise<Response>;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Routes = Readonly<Record<string, Partial<Record<Method, Handler>>>>;

/** A route key ending in this takes one more path segment, an id, which the handler reads with pathId(). */
export const ID_SEGMENT = '/{id}';

/** The handler for the request, or the 404/405 answer. */
export function findHandler(routes: Routes, method: string, path: string): Handler | Response {
  const route = Object.hasOwn(routes, path) ? routes[path] : idRoute(routes, path);
  if (route === undefined) return errorResponse('not_found', 'There is no such endpoint.');
  const handler = route[method as Method];
  if (handler === undefined) {
    const allow = [...Object.keys(route), 'OPTIONS'].join(', ');
    return errorResponse('method_not_allowed', `Use ${allow} here.`, { Allow: allow });
  }
  return handler;
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
