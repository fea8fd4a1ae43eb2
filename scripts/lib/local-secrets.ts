/** Local development secrets: generated on first start, kept in .wrangler/ (git-ignored), never printed. */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { parseJsonWith } from '@voipcom/shared';

const LocalSecretsSchema = z.object({
  /** The simulator's client secret, shared by the simulator and the Worker. */
  simulatorClientSecret: z.string().check(z.minLength(16)),
  /** SESSION_KEYS in the Worker's format: {"current": kid, "keys": {kid: base64url 32 bytes}}. */
  sessionKeys: z.string().check(z.minLength(16)),
});
export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;

/** A fresh SESSION_KEYS value with one AES-256 key. */
export function newSessionKeys(keyId = 'local-1'): string {
  return JSON.stringify({ current: keyId, keys: { [keyId]: randomBytes(32).toString('base64url') } });
}

/**
 * AUDIT_KEYS for a local Worker, derived from its SESSION_KEYS (HKDF with its own label): as secret as they are, stable
 * across `npm start` restarts as long as they are (so the local archive stays readable), and no second value to keep
 * in .wrangler/local-secrets.json or in the e2e stack. A deployed Worker gets its own random AUDIT_KEYS (worker/README.md).
 */
export function localAuditKeys(sessionKeys: string | undefined): string {
  const seed = sessionKeys ?? randomBytes(32).toString('base64url');
  const key = Buffer.from(hkdfSync('sha256', seed, 'voipcom-local-audit-keys', '', 32)).toString('base64url');
  return JSON.stringify({ current: 'local1', keys: { local1: key } });
}

export function loadOrCreateLocalSecrets(root: string): LocalSecrets {
  const path = join(root, '.wrangler', 'local-secrets.json');
  if (existsSync(path)) {
    // A corrupt or outdated file is replaced, as if it were missing.
    const parsed = parseJsonWith(LocalSecretsSchema, readFileSync(path, 'utf8'));
    if (parsed.ok) return parsed.data;
  }
  const secrets: LocalSecrets = {
    simulatorClientSecret: randomBytes(24).toString('base64url'),
    sessionKeys: newSessionKeys(),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Writes an env file for `wrangler dev --env-file`; single quotes keep JSON values literal in dotenv. */
export function writeEnvFile(path: string, values: Record<string, string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = Object.entries(values).map(([key, value]) => {
    if (/['\r\n]/.test(value)) throw new Error(`${key} cannot hold a quote or a line break in an env file`);
    return `${key}='${value}'`;
  });
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}
