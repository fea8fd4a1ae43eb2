/** The nightly job's settings from vars and secrets, validated with zod; problems name the var, never its value. */
import { ok, parseWith, type Result, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import type { Env } from '../env';
import { isCloudflareService, isLoopback } from '../http/outbound-hosts';
import type { SqlApiTarget } from './analytics-sql-client';
import { DatasetNameSchema } from './dial-event-query';

export interface ExportConfig {
  target: SqlApiTarget;
  dataset: string;
}

/** Built on the first nightly run, not at startup (CONVENTIONS.md "Zod"): most isolates never run the cron. */
let exportVarsSchema: ReturnType<typeof buildExportVarsSchema> | undefined;

function buildExportVarsSchema() {
  // Only Cloudflare's own API may be named (outbound-hosts.ts); loopback for tests.
  const cloudflareOrLoopback = z
    .url()
    .check(
      z.refine((text) => isCloudflareService(new URL(text)) || isLoopback(new URL(text)), 'https://api.cloudflare.com/…, or loopback'),
    );
  return z
    .object({
      AE_ACCOUNT_ID: z.union([z.literal(''), z.string().check(z.regex(/^[0-9a-f]{32}$/, '32 hex digits'))]),
      AE_SQL_ENDPOINT: z.union([z.literal(''), cloudflareOrLoopback]),
      AE_DATASET: DatasetNameSchema,
      AE_API_TOKEN: z.string().check(z.minLength(1, 'the secret is not set')),
    })
    .check(
      z.refine((vars) => vars.AE_SQL_ENDPOINT !== '' || vars.AE_ACCOUNT_ID !== '', {
        message: 'set AE_ACCOUNT_ID (or AE_SQL_ENDPOINT)',
        path: ['AE_ACCOUNT_ID'],
      }),
    );
}

/** AE_SQL_ENDPOINT overrides the account's SQL API URL (tests point it at a local fake). */
export function parseExportConfig(env: Env): Result<ExportConfig, string> {
  exportVarsSchema ??= buildExportVarsSchema();
  const parsed = parseWith(exportVarsSchema, {
    AE_ACCOUNT_ID: env.AE_ACCOUNT_ID ?? '',
    AE_SQL_ENDPOINT: env.AE_SQL_ENDPOINT ?? '',
    AE_DATASET: env.AE_DATASET,
    AE_API_TOKEN: env.AE_API_TOKEN ?? '',
  });
  if (!parsed.ok) return parsed;
  const vars = parsed.data;
  const endpoint =
    vars.AE_SQL_ENDPOINT !== ''
      ? vars.AE_SQL_ENDPOINT
      : `https://api.cloudflare.com/client/v4/accounts/${vars.AE_ACCOUNT_ID}/analytics_engine/sql`;
  return ok({ target: { endpoint, token: vars.AE_API_TOKEN }, dataset: vars.AE_DATASET });
}

/**
 * A cron invocation whose schedule is more than an hour apart may run 15 minutes (Workers limits); the job stops
 * starting work well before that, and its last query can take QUERY_TIMEOUT_MS more.
 */
const DEFAULT_RUN_SECONDS = 600;
const RunSecondsSchema = /* @__PURE__ */ pure(() => z.coerce.number().check(z.int(), z.minimum(1), z.maximum(840)));

/** How long one run may start new work, in ms; a broken value is logged by name and the default used. */
export function runTimeMs(env: Env): { ms: number; problem: string | null } {
  const parsed = RunSecondsSchema.safeParse(env.AUDIT_EXPORT_RUN_SECONDS ?? DEFAULT_RUN_SECONDS);
  if (parsed.success) return { ms: parsed.data * 1000, problem: null };
  return { ms: DEFAULT_RUN_SECONDS * 1000, problem: 'AUDIT_EXPORT_RUN_SECONDS: a whole number of seconds from 1 to 840' };
}
