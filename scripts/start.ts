/** `npm start`: builds the extension and runs the Worker in workerd against the simulator, or a real PBX. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_USERS } from '../simulator/src/index';
import type { RunningProcess } from './lib/child-process';
import { loadOrCreateLocalSecrets } from './lib/local-secrets';
import { ROOT, SIMULATOR_CLIENT_ID, SIMULATOR_PORT, WORKER_PORT, startSimulatorProcess, startWorkerDev } from './lib/local-stack';

const DEMO_SIGN_INS = Object.values(DEMO_USERS).map(
  (user) => `${user.username}  password ${user.password}${user.mfaPasscode ? `  (MFA passcode ${user.mfaPasscode})` : ''}`,
);

async function main(): Promise<void> {
  const running: RunningProcess[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((child) => child.stop()));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  const realPbx = process.env['NS_API_BASE'];
  const secrets = loadOrCreateLocalSecrets(ROOT);
  const pbx = realPbx
    ? { NS_API_BASE: realPbx, NS_CLIENT_ID: required('NS_CLIENT_ID'), NS_CLIENT_SECRET: required('NS_CLIENT_SECRET') }
    : {
        NS_API_BASE: `http://127.0.0.1:${SIMULATOR_PORT}/ns-api/v2`,
        NS_CLIENT_ID: SIMULATOR_CLIENT_ID,
        NS_CLIENT_SECRET: secrets.simulatorClientSecret,
      };

  const workerUrl = `http://127.0.0.1:${WORKER_PORT}`;
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WORKER_URL: workerUrl },
  });
  if (build.status !== 0) throw new Error('The build failed; see above.');

  try {
    if (!realPbx) {
      running.push(await startSimulatorProcess({ port: SIMULATOR_PORT, clientSecret: secrets.simulatorClientSecret }));
    }
    running.push(
      await startWorkerDev({
        port: WORKER_PORT,
        stateDir: join(ROOT, '.wrangler'),
        env: { ...pbx, SESSION_KEYS: secrets.sessionKeys },
      }),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  console.log(`
Voipcom Click-to-Dial is running.
  Worker:     ${workerUrl}  (workerd via wrangler dev, local KV in .wrangler/state)
  PBX:        ${realPbx ? `${realPbx} (from NS_API_BASE)` : `NetSapiens simulator at http://127.0.0.1:${SIMULATOR_PORT}/ns-api/v2`}
  Extension:  ${join(ROOT, 'dist', 'extension')}
              chrome://extensions → Developer mode → Load unpacked → pick that folder.
${realPbx ? '' : `  Demo sign-in:\n${DEMO_SIGN_INS.map((line) => `              ${line}`).join('\n')}\n`}
Press Ctrl-C to stop everything this started.`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set when NS_API_BASE points at a real PBX.`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
