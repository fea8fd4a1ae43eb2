/** The local stack shared by `npm start` and the e2e tests: the NetSapiens simulator process and `wrangler dev`. */
import { join } from 'node:path';
import { startProcess, waitForHttp, type RunningProcess } from './child-process';
import { localAuditKeys, newSessionKeys, writeEnvFile } from './local-secrets';

export const ROOT = join(__dirname, '..', '..');
export const WORKER_PORT = 8787;
export const SIMULATOR_PORT = 8790;
export const SIMULATOR_CLIENT_ID = 'voipcom-c2d-local';

/** Starts the simulator CLI (simulator/src/main.ts) as a child process and waits until it answers. */
export async function startSimulatorProcess(options: {
  port: number;
  clientSecret: string;
  quiet?: boolean;
  /** Extra accounts besides the demo users (SIM_CROWD_USERS), for the load benchmark. */
  crowdUsers?: number;
}): Promise<RunningProcess> {
  const simulator = startProcess('simulator', process.execPath, ['--import', 'tsx', 'simulator/src/main.ts'], {
    cwd: ROOT,
    quiet: options.quiet,
    env: {
      SIM_PORT: String(options.port),
      NS_CLIENT_ID: SIMULATOR_CLIENT_ID,
      NS_CLIENT_SECRET: options.clientSecret,
      SIM_CROWD_USERS: String(options.crowdUsers ?? 0),
    },
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/_sim/health`, 30_000);
  return simulator;
}

/** The Worker's secrets for talking to the simulator, with fresh session keys named `keyId`. */
export function simulatorWorkerEnv(apiBase: string, clientSecret: string, keyId: string): Record<string, string> {
  return { NS_API_BASE: apiBase, NS_CLIENT_ID: SIMULATOR_CLIENT_ID, NS_CLIENT_SECRET: clientSecret, SESSION_KEYS: newSessionKeys(keyId) };
}

/**
 * Starts the Worker in workerd with `wrangler dev`, its secrets in `<stateDir>/dev.env` and its local KV in
 * `<stateDir>/state`; `env` holds secrets and var overrides (AUDIT_KEYS follows SESSION_KEYS unless given).
 */
export async function startWorkerDev(options: {
  port: number;
  stateDir: string;
  env: Record<string, string>;
  quiet?: boolean;
}): Promise<RunningProcess> {
  const envFile = join(options.stateDir, 'dev.env');
  writeEnvFile(envFile, { AUDIT_KEYS: localAuditKeys(options.env['SESSION_KEYS']), ...options.env });
  const wrangler = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const worker = startProcess(
    'worker',
    process.execPath,
    [
      wrangler,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--env-file',
      envFile,
      '--persist-to',
      join(options.stateDir, 'state'),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      cwd: ROOT,
      quiet: options.quiet,
      env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    },
  );
  await waitForHttp(`http://127.0.0.1:${options.port}/v1/policy`, 60_000);
  return worker;
}
