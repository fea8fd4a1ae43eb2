/** The stack the e2e tests run against: the simulator in-process and the Worker in workerd via `wrangler dev`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/src/index';
import type { RunningProcess } from '../../scripts/lib/child-process';
import { SIMULATOR_CLIENT_ID, SIMULATOR_PORT, WORKER_PORT, simulatorWorkerEnv, startWorkerDev } from '../../scripts/lib/local-stack';

export const WORKER_URL = `http://127.0.0.1:${WORKER_PORT}`;

export interface E2eStack {
  readonly simulator: Simulator;
  readonly workerUrl: string;
  stop(): Promise<void>;
}

/** Starts a fresh stack with its own KV state; `vars` override wrangler.toml vars for this run. */
export async function startE2eStack(vars: Record<string, string> = {}): Promise<E2eStack> {
  const clientSecret = 'e2e-client-secret-0123456789';
  const simulator = await startSimulator({ port: SIMULATOR_PORT, clientId: SIMULATOR_CLIENT_ID, clientSecret });
  const stateDir = mkdtempSync(join(tmpdir(), 'c2d-worker-'));
  let worker: RunningProcess;
  try {
    worker = await startWorkerDev({
      port: WORKER_PORT,
      stateDir,
      quiet: true,
      env: { ...simulatorWorkerEnv(simulator.apiBase, clientSecret, 'e2e-1'), ...vars },
    });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  return {
    simulator,
    workerUrl: WORKER_URL,
    async stop() {
      await worker.stop();
      await simulator.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
