/** Injected faults: the rule in force, which requests it hits, and the broken answers it gives. */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod/mini';
import { sendError } from './http-io';

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'html' }
  | { kind: 'malformed-json' };

export interface FaultRule {
  fault: Fault;
  /** How many matching requests it hits; default: until cleared. */
  times?: number;
  /** Relative to /ns-api/v2, e.g. '/tokens'. */
  pathPrefix?: string;
  /** Only requests with this method (e.g. 'POST': the dial, not the status polls under the same path); default: any. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

export const FaultRuleSchema = z.strictObject({
  fault: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('delay'), ms: z.int().check(z.minimum(0), z.maximum(120_000)) }),
    z.strictObject({ kind: z.literal('status'), status: z.int().check(z.minimum(400), z.maximum(599)) }),
    z.strictObject({ kind: z.literal('rate-limit'), retryAfterSeconds: z.int().check(z.minimum(0)) }),
    z.strictObject({ kind: z.literal('html') }),
    z.strictObject({ kind: z.literal('malformed-json') }),
  ]),
  times: z.optional(z.int().check(z.positive())),
  pathPrefix: z.optional(z.string().check(z.startsWith('/'))),
  method: z.optional(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
}) satisfies z.ZodMiniType<FaultRule>;

/** What an old core or a proxy error page looks like: HTML with status 200. */
const HTML_PAGE = '<!DOCTYPE html><html><head><title>NetSapiens Portal</title></head><body><h1>Login</h1></body></html>';
/** JSON cut off mid-object. */
const MALFORMED_JSON = '{"code": 200, "message": "ok", "access_token": ';

export class FaultState {
  private rule: FaultRule | null = null;
  private remaining = 0;

  set(rule: FaultRule | null): void {
    this.rule = rule === null ? null : FaultRuleSchema.parse(rule);
    this.remaining = this.rule?.times ?? Number.POSITIVE_INFINITY;
  }

  /** The fault for a `method` request to `path` (relative to /ns-api/v2), counting it against `times`. */
  take(method: string, path: string): Fault | null {
    const rule = this.rule;
    if (rule === null || !path.startsWith(rule.pathPrefix ?? '') || (rule.method !== undefined && rule.method !== method)) return null;
    this.remaining -= 1;
    if (this.remaining <= 0) this.rule = null;
    return rule.fault;
  }
}

/**
 * Acts out a fault. Returns true when the response is done; a delay returns false so the request is then served
 * normally (or true if the simulator shut down meanwhile).
 */
export async function applyFault(fault: Fault, res: ServerResponse, shutdown: AbortSignal): Promise<boolean> {
  switch (fault.kind) {
    case 'delay':
      try {
        await sleep(fault.ms, undefined, { signal: shutdown });
        return false;
      } catch {
        return true;
      }
    case 'status':
      sendError(res, fault.status, `Simulated fault: status ${fault.status}`);
      return true;
    case 'rate-limit':
      sendError(res, 429, 'Too Many Requests', { 'Retry-After': String(fault.retryAfterSeconds) });
      return true;
    case 'html':
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(HTML_PAGE) });
      res.end(HTML_PAGE);
      return true;
    case 'malformed-json':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(MALFORMED_JSON) });
      res.end(MALFORMED_JSON);
      return true;
  }
}
