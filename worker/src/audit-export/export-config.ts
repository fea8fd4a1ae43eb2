/** The nightly job's settings from vars and secrets, validated with zod; problems name the var, never its value. */
import { z } from 'zod';
import type { Env } from '../env';
import type { SqlApiTarget } from './analytics-sql-client';
import { DatasetNameSchema } from './dial-event-query';

export interface ExportConfig {
  target: SqlApiTarget;
  dataset: string;
}

const LoopbackOrHttps = z.url().refine((text) => {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'));
}, 'https, or http on loopback');

const ExportVarsSchema = z
  .object({
    AE_ACCOUNT_ID: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{32}$/, '32 hex digits')]),
    AE_SQL_ENDPOINT: z.union([z.literal(''), LoopbackOrHttps]),
    AE_DATASET: DatasetNameSchema,
    AE_API_TOKEN: z.string().min(1, 'the secret is not set'),
  })
  .refine((vars) => vars.AE_SQL_ENDPOINT !== '' || vars.AE_ACCOUNT_ID !== '', {
    message: 'set AE_ACCOUNT_ID (or AE_SQL_ENDPOINT)',
    path: ['AE_ACCOUNT_ID'],
  });

export type ExportConfigResult = { ok: true; config: ExportConfig } | { ok: false; problems: string };

/** AE_SQL_ENDPOINT overrides the account's SQL API URL (tests point it at a local fake). */
export function parseExportConfig(env: Env): ExportConfigResult {
  const parsed = ExportVarsSchema.safeParse({
    AE_ACCOUNT_ID: env.AE_ACCOUNT_ID ?? '',
    AE_SQL_ENDPOINT: env.AE_SQL_ENDPOINT ?? '',
    AE_DATASET: env.AE_DATASET,
    AE_API_TOKEN: env.AE_API_TOKEN ?? '',
  });
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
  }
  const vars = parsed.data;
  const endpoint =
    vars.AE_SQL_ENDPOINT !== ''
      ? vars.AE_SQL_ENDPOINT
      : `https://api.cloudflare.com/client/v4/accounts/${vars.AE_ACCOUNT_ID}/analytics_engine/sql`;
  return { ok: true, config: { target: { endpoint, token: vars.AE_API_TOKEN }, dataset: vars.AE_DATASET } };
}

/**
 * A cron invocation whose schedule is more than an hour apart may run 15 minutes (Workers limits); the job stops
 * starting work well before that, and its last query can take QUERY_TIMEOUT_MS more.
 */
const DEFAULT_RUN_SECONDS = 600;
const RunSecondsSchema = z.coerce.number().int().min(1).max(840);

/** How long one run may start new work, in ms; a broken value is logged by name and the default used. */
export function runTimeMs(env: Env): { ms: number; problem: string | null } {
  const parsed = RunSecondsSchema.safeParse(env.AUDIT_EXPORT_RUN_SECONDS ?? DEFAULT_RUN_SECONDS);
  if (parsed.success) return { ms: parsed.data * 1000, problem: null };
  return { ms: DEFAULT_RUN_SECONDS * 1000, problem: 'AUDIT_EXPORT_RUN_SECONDS: a whole number of seconds from 1 to 840' };
}
