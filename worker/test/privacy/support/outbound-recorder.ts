/**
 * The Worker bundled as deployed, in its own Miniflare whose outbound service sees every fetch() the Worker makes:
 * each request is recorded, then forwarded to the real (local) server it was meant for.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  Miniflare,
  Response as MfResponse,
  supportedCompatibilityDate,
  type Request as MfRequest,
  type RequestInit as MfRequestInit,
} from 'miniflare';

const ROOT = resolve(__dirname, '../../../..');

export interface OutboundRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface RecordingWorker {
  /** Every outbound request so far, in order. */
  readonly outbound: OutboundRequest[];
  /** The deployed bundle's text (wrangler deploy --dry-run), for checks of what it can reach. */
  readonly bundleText: string;
  fetch(path: string, init?: MfRequestInit): Promise<MfResponse>;
  scheduled(cron: string, scheduledTime: Date): Promise<void>;
  close(): Promise<void>;
}

async function bundle(outdir: string): Promise<string> {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir],
    {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    },
  );
  return join(outdir, 'index.js');
}

const LIMITER_NAMES = [
  'SIGNIN_IP_LIMITER',
  'SIGNIN_USER_IP_LIMITER',
  'SIGNIN_USER_LIMITER',
  'REQUEST_IP_LIMITER',
  'DIAL_LIMITER',
  'ACCOUNT_DIAL_LIMITER',
];

/** `bindings` are the Worker's vars and secrets (all of them: nothing is read from wrangler.toml but the compatibility date). */
export async function startRecordingWorker(bindings: Record<string, string>): Promise<RecordingWorker> {
  const outdir = await mkdtemp(join(tmpdir(), 'voipcom-outbound-'));
  const [scriptPath, toml] = await Promise.all([bundle(outdir), readFile(join(ROOT, 'wrangler.toml'), 'utf8')]);
  const deployedDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (deployedDate === undefined) throw new Error('wrangler.toml: no compatibility_date');
  // Miniflare 4's workerd may predate the deployed date (wrangler bundles a newer one): use the older, as the harness does.
  const compatibilityDate = deployedDate < supportedCompatibilityDate ? deployedDate : supportedCompatibilityDate;
  const outbound: OutboundRequest[] = [];

  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // Module names are relative to this root; the bundle lives outside the working directory.
    modulesRoot: dirname(scriptPath),
    compatibilityDate,
    bindings,
    kvNamespaces: { SESSIONS: 'sessions', AUDIT_ARCHIVE: 'audit-archive' },
    analyticsEngineDatasets: { DIAL_EVENTS: { dataset: 'voipcom_dial_events' } },
    ratelimits: Object.fromEntries(
      LIMITER_NAMES.map((name, i) => [name, { namespace_id: String(9001 + i), simple: { limit: 10_000, period: 60 as const } }]),
    ),
    outboundService: async (request: MfRequest) => {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const headers = Object.fromEntries(request.headers.entries());
      outbound.push({ method: request.method, url: new URL(request.url), headers, body });
      const answer = await fetch(request.url, {
        method: request.method,
        headers,
        body: body === '' ? undefined : body,
        redirect: 'manual',
      });
      return new MfResponse(await answer.arrayBuffer(), { status: answer.status, headers: Object.fromEntries(answer.headers.entries()) });
    },
  });
  await mf.ready;
  const bundleText = await readFile(scriptPath, 'utf8');
  return {
    outbound,
    bundleText,
    fetch: (path, init) => mf.dispatchFetch(`https://click-to-dial.test${path}`, init),
    async scheduled(cron, scheduledTime) {
      await (await mf.getWorker()).scheduled({ cron, scheduledTime });
    },
    async close() {
      await mf.dispose();
      await rm(outdir, { recursive: true, force: true });
    },
  };
}
