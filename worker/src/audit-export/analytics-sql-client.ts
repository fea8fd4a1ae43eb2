/** Runs one query against the Workers Analytics Engine SQL API and validates its FORMAT JSON answer with zod. */
import { err, jsonOrUndefined, ok, parseWith, type Result } from '@voipcom/shared';
import * as z from 'zod/mini';

/** Where and how to query; the token is a secret and never leaves this module except in the Authorization header. */
export interface SqlApiTarget {
  endpoint: string;
  token: string;
}

/** Generous: one page of a slice is small, but the API queues queries under load. */
export const QUERY_TIMEOUT_MS = 20_000;

/** The documented FORMAT JSON shape: column meta, the rows as objects, and their count. */
function answerSchema<S extends z.ZodMiniType>(row: S) {
  return z.object({
    meta: z.array(z.object({ name: z.string(), type: z.string() })),
    data: z.array(row),
    rows: z.int().check(z.nonnegative()),
  });
}

/**
 * POSTs the SQL text as the body, as the SQL API expects: the rows, or a reason that names the
 * status (with the start of the API's own error text, e.g. a 422 "Input was invalid: …") or the schema rule broken,
 * never the token or the rows.
 */
export async function querySql<S extends z.ZodMiniType>(target: SqlApiTarget, sql: string, row: S): Promise<Result<z.output<S>[], string>> {
  let response: Response;
  try {
    response = await fetch(target.endpoint, {
      method: 'POST',
      headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'text/plain; charset=utf-8' },
      body: sql,
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'unknown';
    return err(`request failed (${name})`);
  }
  if (!response.ok) {
    // 4xx bodies are the API's words about our SQL; 5xx and auth bodies say nothing the status does not.
    const detail = response.status === 400 || response.status === 422 ? `: ${(await response.text()).slice(0, 200)}` : '';
    if (detail === '') await response.body?.cancel();
    return err(`HTTP ${response.status}${detail}`);
  }
  const json = jsonOrUndefined(await response.text());
  if (json === undefined) return err('answer is not JSON');
  const parsed = parseWith(answerSchema(row), json);
  if (!parsed.ok) return err(`unexpected answer: ${parsed.error}`);
  if (parsed.data.rows !== parsed.data.data.length) {
    return err(`answer claims ${parsed.data.rows} rows but holds ${parsed.data.data.length}`);
  }
  return ok(parsed.data.data);
}
