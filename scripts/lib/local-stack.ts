/** The local stack shared by `npm start` and the e2e tests: the NetSapiens simulator process and `wrangler dev`. */
import { join } from 'node:path';
import { startProcess, waitForHttp, type RunningProcess } from './child-process';
import { localAuditKeys, writeEnvFile } from './local-secrets';

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

/** Starts the Worker in workerd with `wrangler dev`; `env` holds secrets and var overrides (AUDIT_KEYS follows SESSION_KEYS unless given). */
export async function startWorkerDev(options: {
  port: number;
  envFile: string;
  env: Record<string, string>;
  persistTo: string;
  quiet?: boolean;
}): Promise<RunningProcess> {
  writeEnvFile(options.envFile, { AUDIT_KEYS: localAuditKeys(options.env['SESSION_KEYS']), ...options.env });
  const wrangler = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const worker = startProcess(
    'worker',
    process.execPath,
    [
      wrangler, 'dev',
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      '--env-file', options.envFile,
      '--persist-to', options.persistTo,
      '--show-interactive-dev-session=false',
      '--log-level', 'warn',
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
