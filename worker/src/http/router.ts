/** The request context handlers receive, and a lookup table from path and method to handler (404/405 otherwise). */
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
export type Method = 'GET' | 'POST' | 'DELETE';
export type Routes = Readonly<Record<string, Partial<Record<Method, Handler>>>>;

/** The handler for the request, or the 404/405 answer. */
export function findHandler(routes: Routes, method: string, path: string): Handler | Response {
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (route === undefined) return errorResponse('not_found', 'There is no such endpoint.');
  const handler = route[method as Method];
  if (handler === undefined) {
    const allow = [...Object.keys(route), 'OPTIONS'].join(', ');
    return errorResponse('method_not_allowed', `Use ${allow} here.`, { Allow: allow });
  }
  return handler;
}
