/**
 * Worker benchmark: the deployed bundle's size and startup CPU, KV operations per authenticated request (call status
 * reads included), and the latency the Worker adds over the simulator alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PlaceCallResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../simulator/src/index';
import { startHarness, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type Harness } from '../worker/test/harness';
import type { BenchSection } from './types';
import { runStandalone } from './report';

const KV_SAMPLES = 30;
const LATENCY_SAMPLES = 60;
const WARM_UP = 5;
const avery = DEMO_USERS.avery;
/** Lets every dial through: the benchmark measures latency, not the limiter. */
const NO_LIMITS = {
  DIAL_LIMITER: { limit: 1_000_000, period: 60 as const },
  ACCOUNT_DIAL_LIMITER: { limit: 1_000_000, period: 60 as const },
  REQUEST_IP_LIMITER: { limit: 1_000_000, period: 60 as const },
  CALL_STATUS_LIMITER: { limit: 1_000_000, period: 60 as const },
};

/** A call that keeps ringing your phone (so every status read finds it listed), placed through the Worker. */
async function ringingCall(h: Harness, session: string): Promise<string> {
  h.simulator.controlNextCall({ ringYouMs: null });
  const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550199' } });
  if (response.status !== 202) throw new Error(`the dial answered ${response.status}`);
  return PlaceCallResponseSchema.parse(await response.json()).callId;
}

async function expectStatus(response: Promise<{ status: number; arrayBuffer(): Promise<ArrayBuffer> }>, status: number): Promise<void> {
  const answer = await response;
  await answer.arrayBuffer();
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}`);
}

const ROOT = join(__dirname, '..');
const STARTUP_RUNS = 5;
/** Issue 15's goals for what `wrangler deploy` ships. */
const BUNDLE_GOAL_KIB = 400;
const STARTUP_GOAL_MS = 15;

/** Runs wrangler (the project's own, under this Node) and answers its output; a failing run throws. */
function wrangler(args: string[], cwd = ROOT): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  if (run.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return `${run.stdout}\n${run.stderr}`;
}

/** The sizes `wrangler deploy` would upload (wrangler.toml's settings, minify included), in KiB. */
function bundleSize(dir: string): { raw: number; gzip: number } {
  const output = wrangler(['deploy', '--dry-run', '--outdir', join(dir, 'bundle')]);
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  if (match === null) throw new Error(`no upload size in wrangler's output:\n${output}`);
  return { raw: Number(match[1]), gzip: Number(match[2]) };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames that are not the Worker's own startup work: the isolate waiting, and the runtime's native bookkeeping. */
const NOT_BUSY = new Set(['(idle)', '(program)']);

/**
 * Busy startup time, ms: the samples in a frame other than (idle) and (program), garbage collection included, times
 * the sampling interval. Samples rather than the gaps between them, because on a loaded machine a gap also holds time
 * the process was not running; the interval is the median gap before a busy sample in all profiles of the run (about
 * 1 ms: samplingInterval below).
 */
function busyMs(profile: CpuProfile, intervalMs: number, leaveOut: ReadonlySet<string> = NOT_BUSY): number {
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  return profile.samples.filter((id) => !leaveOut.has(names.get(id) ?? '')).length * intervalMs;
}

/** Everything but (idle): the total the startup profile holds, the runtime's own (program) work included. */
const ONLY_IDLE = new Set(['(idle)']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The profiler's sampling interval, ms: the median gap before a sample in a busy frame. Gaps before idle samples are
 * left out: a startup profile is a few idle gaps of 10-25 ms around a handful of busy samples, and once the Worker's
 * own startup took only a few samples (issue 24), those idle gaps outnumbered the rest and were read as the interval.
 */
function samplingIntervalMs(profiles: CpuProfile[]): number {
  const busyGaps = profiles.flatMap((profile) => {
    const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
    return profile.samples.flatMap((id, index) => (NOT_BUSY.has(names.get(id) ?? '') ? [] : [profile.timeDeltas[index]]));
  });
  return median(busyGaps) / 1000;
}

/** `wrangler check startup` for this Worker and for an empty one, interleaved, STARTUP_RUNS times each. */
function startupMs(dir: string): { worker: number; empty: number; workerTotal: number; emptyTotal: number } {
  const emptyDir = join(dir, 'empty');
  mkdirSync(emptyDir, { recursive: true });
  writeFileSync(join(emptyDir, 'index.js'), "export default { fetch() { return new Response('') } }\n");
  writeFileSync(join(emptyDir, 'wrangler.toml'), 'name = "empty"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n');
  const profiles: { worker: CpuProfile[]; empty: CpuProfile[] } = { worker: [], empty: [] };
  for (let run = 0; run < STARTUP_RUNS; run++) {
    for (const [kind, cwd] of [
      ['worker', ROOT],
      ['empty', emptyDir],
    ] as const) {
      const outfile = join(dir, `${kind}-${run}.cpuprofile`);
      wrangler(['check', 'startup', '--outfile', outfile], cwd);
      profiles[kind].push(JSON.parse(readFileSync(outfile, 'utf8')) as CpuProfile);
    }
  }
  const interval = samplingIntervalMs([...profiles.worker, ...profiles.empty]);
  return {
    worker: median(profiles.worker.map((profile) => busyMs(profile, interval))),
    empty: median(profiles.empty.map((profile) => busyMs(profile, interval))),
    workerTotal: median(profiles.worker.map((profile) => busyMs(profile, interval, ONLY_IDLE))),
    emptyTotal: median(profiles.empty.map((profile) => busyMs(profile, interval, ONLY_IDLE))),
  };
}

/** Bundle size beside its goal; startup CPU beside an empty Worker measured the same way in the same run. */
function bundleRows(): BenchSection['rows'] {
  const dir = mkdtempSync(join(tmpdir(), 'c2d-worker-bench-'));
  try {
    const size = bundleSize(dir);
    const startup = startupMs(dir);
    return [
      {
        metric: 'Worker bundle, raw (KiB, wrangler deploy --dry-run)',
        value: size.raw.toFixed(1),
        baseline: `${BUNDLE_GOAL_KIB} (goal)`,
        ratio: `${(size.raw / BUNDLE_GOAL_KIB).toFixed(2)}x`,
      },
      { metric: 'Worker bundle, gzip (KiB)', value: size.gzip.toFixed(1) },
      {
        metric: `Worker startup CPU, median of ${STARTUP_RUNS} (ms, wrangler check startup): Worker vs empty Worker`,
        value: startup.worker.toFixed(1),
        baseline: startup.empty.toFixed(1),
      },
      {
        metric: `Worker startup total, (program) included, median of ${STARTUP_RUNS} (ms, all but (idle)): Worker vs empty Worker`,
        value: startup.workerTotal.toFixed(1),
        baseline: startup.emptyTotal.toFixed(1),
      },
      { metric: 'Worker startup CPU goal (ms)', value: startup.worker.toFixed(1), baseline: `${STARTUP_GOAL_MS} (goal)` },
      {
        metric: 'Worker startup total goal (ms; (program) included)',
        value: startup.workerTotal.toFixed(1),
        baseline: `${STARTUP_GOAL_MS} (goal)`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** KV operations per request, counted through a wrapper around the real SESSIONS binding. */
async function kvRows(): Promise<BenchSection['rows']> {
  const h = await startHarness({ countKvOps: true, rateLimits: NO_LIMITS });
  try {
    const session = await h.signIn();
    const callId = await ringingCall(h, session);
    const requests: [string, () => Promise<void>][] = [
      ['GET /v1/session', () => expectStatus(h.fetch('/v1/session', { session }), 200)],
      ['GET /v1/devices', () => expectStatus(h.fetch('/v1/devices', { session }), 200)],
      ['GET /v1/calls/{callId} (call status)', () => expectStatus(h.fetch(`/v1/calls/${callId}`, { session }), 200)],
      ['POST /v1/calls', () => expectStatus(h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550123' } }), 202)],
    ];
    const rows: BenchSection['rows'] = [];
    for (const [name, send] of requests) {
      h.resetKvOps();
      for (let i = 0; i < KV_SAMPLES; i++) await send();
      const ops = h.kvOps();
      rows.push({
        metric: `${name}: KV reads per request (steady state)`,
        value: (ops.reads / KV_SAMPLES).toFixed(2),
        baseline: '1 (goal)',
      });
      rows.push({
        metric: `${name}: KV writes per request (steady state)`,
        value: ((ops.writes + ops.deletes + ops.lists) / KV_SAMPLES).toFixed(2),
        baseline: '0 (goal)',
      });
    }
    return rows;
  } finally {
    await h.close();
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Interleaves Worker→simulator and direct-to-simulator requests, so both see the same machine load. */
async function compare(name: string, viaWorker: () => Promise<void>, direct: () => Promise<void>): Promise<BenchSection['rows']> {
  for (let i = 0; i < WARM_UP; i++) {
    await viaWorker();
    await direct();
  }
  const worker: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    worker.push(await timed(viaWorker));
    alone.push(await timed(direct));
  }
  worker.sort((a, b) => a - b);
  alone.sort((a, b) => a - b);
  const row = (label: string, q: number) => {
    const w = quantile(worker, q);
    const d = quantile(alone, q);
    return {
      metric: `${name} ${label} (ms): Worker+simulator vs simulator alone`,
      value: w.toFixed(1),
      baseline: d.toFixed(1),
      ratio: `${(w / d).toFixed(1)}x`,
    };
  };
  const added = quantile(worker, 0.5) - quantile(alone, 0.5);
  return [row('median', 0.5), row('p95', 0.95), { metric: `${name}: latency the Worker adds, median (ms)`, value: added.toFixed(1) }];
}

async function latencyRows(): Promise<BenchSection['rows']> {
  const h = await startHarness({ rateLimits: NO_LIMITS });
  try {
    const session = await h.signIn();
    const base = h.simulator.apiBase;
    const tokenAnswer = await fetch(`${base}/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        username: avery.username,
        password: avery.password,
      }),
    });
    const { access_token: accessToken } = (await tokenAnswer.json()) as { access_token: string };
    const auth = { Authorization: `Bearer ${accessToken}` };
    let n = 0;
    const callBody = () =>
      JSON.stringify({ synchronous: 'no', 'call-id': `bench-${++n}`, 'call-term-user': '14805550123', 'call-orig-user': '' });

    const devices = await compare(
      'Authenticated request (GET /v1/devices)',
      () => expectStatus(h.fetch('/v1/devices', { session }), 200),
      () => expectStatus(fetch(`${base}/domains/~/users/~/devices`, { headers: auth }), 200),
    );
    // Before the dials below fill the simulator's list of live calls: both sides read the same one-call list.
    h.simulator.clearCalls();
    const callId = await ringingCall(h, session);
    const status = await compare(
      'Call status (GET /v1/calls/{callId})',
      () => expectStatus(h.fetch(`/v1/calls/${callId}`, { session }), 200),
      () => expectStatus(fetch(`${base}/domains/~/users/~/calls`, { headers: auth }), 200),
    );
    const dial = await compare(
      'Dial (POST /v1/calls)',
      () => expectStatus(h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550123' } }), 202),
      () =>
        expectStatus(
          fetch(`${base}/domains/~/users/~/calls`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: callBody(),
          }),
          202,
        ),
    );
    return [...devices, ...status, ...dial];
  } finally {
    await h.close();
  }
}

export async function benchWorker(): Promise<BenchSection> {
  const bundle = bundleRows();
  const kv = await kvRows();
  const latency = await latencyRows();
  return {
    title: `Worker (bundle and startup by wrangler; requests in workerd via Miniflare, ${LATENCY_SAMPLES} each, interleaved)`,
    rows: [...bundle, ...kv, ...latency],
  };
}

if (require.main === module) runStandalone(benchWorker);
