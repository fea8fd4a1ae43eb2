/**
 * A stack whose Worker sits behind a proxy on the extension's Worker port (8787) that a test or bench controls:
 * passing requests on, holding each for `slowMs` first, or not listening at all ("Worker stopped"), while the
 * real Worker (and its KV sessions) keeps running behind it.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/src/index';
import { SIMULATOR_CLIENT_ID, SIMULATOR_PORT, WORKER_PORT, simulatorWorkerEnv, startWorkerDev } from '../../scripts/lib/local-stack';

/** The real Worker listens here; the extension's configured port is the proxy's. */
const HIDDEN_WORKER_PORT = WORKER_PORT + 2;

export type Network = 'answering' | 'stopped' | 'slow';

export interface ProxiedStack {
  readonly simulator: Simulator;
  /** Switches the proxy: `stopped` closes its port (connections refused), `slow` holds each request `slowMs`. */
  set(network: Network): Promise<void>;
  stop(): Promise<void>;
}

export async function startProxiedStack(slowMs = 10_000): Promise<ProxiedStack> {
  const clientSecret = 'proxied-client-secret-0123456789';
  const simulator = await startSimulator({ port: SIMULATOR_PORT, clientId: SIMULATOR_CLIENT_ID, clientSecret });
  const stateDir = mkdtempSync(join(tmpdir(), 'c2d-proxied-'));
  const worker = await startWorkerDev({
    port: HIDDEN_WORKER_PORT,
    stateDir,
    quiet: true,
    env: simulatorWorkerEnv(simulator.apiBase, clientSecret, 'proxied-1'),
  }).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  let mode: Network = 'answering';
  let server: Server | null = null;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const upstream = request(
      { host: '127.0.0.1', port: HIDDEN_WORKER_PORT, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };
  const listen = (): Promise<void> => {
    const proxy = createServer((incoming, outgoing) => {
      if (mode === 'slow') setTimeout(() => forward(incoming, outgoing), slowMs).unref();
      else forward(incoming, outgoing);
    });
    server = proxy;
    return new Promise((resolve) => proxy.listen(WORKER_PORT, '127.0.0.1', resolve));
  };
  const close = async (): Promise<void> => {
    const proxy = server;
    server = null;
    if (proxy === null) return;
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  };
  await listen();
  return {
    simulator,
    async set(network) {
      mode = network;
      if (network === 'stopped') await close();
      else if (server === null) await listen();
    },
    async stop() {
      await close();
      await worker.stop();
      await simulator.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
