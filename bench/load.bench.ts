/** Load benchmark: a crowd of users at once against `wrangler dev` and the simulator process, beside the same crowd straight at the simulator, and KV operations per active user per day. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CallStatusResponseSchema, DevicesResponseSchema, PlaceCallResponseSchema, SignInResponseSchema } from '@voipcom/shared';
import { crowdUsers, DEMO_USERS, type DemoUser } from '../simulator/src/index';
import type { RunningProcess } from '../scripts/lib/child-process';
import {
  SIMULATOR_CLIENT_ID,
  SIMULATOR_PORT,
  WORKER_PORT,
  simulatorWorkerEnv,
  startSimulatorProcess,
  startWorkerDev,
} from '../scripts/lib/local-stack';
import { startHarness, type Harness } from '../worker/test/harness';
import type { BenchSection } from './types';
import { runStandalone } from './report';

const USERS = 200;
const STATUS_CHECKS = 3;
/** Polls after each dial, one a second, as the background does while a call rings. */
const POLLS_PER_DIAL = 5;
const POLL_INTERVAL_MS = 1_000;
/** Users start within this window, as people do, rather than in one instant. */
const RAMP_MS = 2_000;
const CLIENT_SECRET = 'load-client-secret-0123456789';
const EXTENSION_ORIGIN = 'chrome-extension://hdfblghhbnjdaamfompieibfckacncaj';
const WORKER_URL = `http://127.0.0.1:${WORKER_PORT}`;
const SIMULATOR_API = `http://127.0.0.1:${SIMULATOR_PORT}/ns-api/v2`;

/**
 * What one active user does in a working day (the mix the KV figures assume): 30 click-dials (the planning volume in
 * worker/README.md), each followed by about 75 status reads (1 a second for ~15 s of ringing, then 1 every 3 s
 * through a ~3-minute call: the background's timings), 20 session checks (popup opens, service worker wakes),
 * 10 phone lists, a sign-in a week (0.2 a working day), 8 access-token refreshes (NetSapiens tokens last an hour)
 * and one daily slide of the session.
 */
const DAILY_MIX = { signIns: 0.2, statusChecks: 20, deviceLists: 10, dials: 30, polls: 30 * 75, refreshes: 8, slides: 1 };
/** The slide cannot be counted in a short run (it needs a day-old session): worker/STORAGE.md's table gives it. */
const SLIDE_OPS = { reads: 3, writes: 2 };
/** An account's audit key is refreshed every 14 days at most (two writes, worker/README.md): per working day. */
const AUDIT_KEY_REFRESHES_PER_DAY = 1 / 10;

type Kind = 'sign-in' | 'session status' | 'devices' | 'dial' | 'call status';
const KINDS: Kind[] = ['sign-in', 'session status', 'devices', 'dial', 'call status'];

interface Sample {
  kind: Kind;
  ms: number;
  /** Why the request failed (a status, a network error, an answer outside the contract); undefined when it did not. */
  error?: string;
}

/** The requests of one user's visit, against the Worker or straight against the simulator. */
interface Client {
  signIn(): Promise<void>;
  sessionStatus(): Promise<void>;
  devices(): Promise<void>;
  /** Resolves to something poll() can follow. */
  dial(destination: string): Promise<string>;
  poll(call: string): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads the whole body (so timing covers it) and checks the status. */
async function answerOf(response: Response, status: number): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text.slice(0, 120)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** A user of the extension: its own client address (so per-IP limits see a crowd, not one host) and account. */
function workerClient(user: DemoUser, ip: string): Client {
  let session = '';
  const send = (path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> =>
    fetch(`${WORKER_URL}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'CF-Connecting-IP': ip,
        Origin: EXTENSION_ORIGIN,
        ...(session === '' ? {} : { Authorization: `Bearer ${session}` }),
        ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  return {
    async signIn() {
      const body = await answerOf(
        await send('/v1/session', { method: 'POST', json: { username: user.username, password: user.password } }),
        201,
      );
      session = SignInResponseSchema.parse(body).session;
    },
    async sessionStatus() {
      await answerOf(await send('/v1/session'), 200);
    },
    async devices() {
      DevicesResponseSchema.parse(await answerOf(await send('/v1/devices'), 200));
    },
    async dial(destination) {
      return PlaceCallResponseSchema.parse(await answerOf(await send('/v1/calls', { method: 'POST', json: { destination } }), 202)).callId;
    },
    async poll(callId) {
      CallStatusResponseSchema.parse(await answerOf(await send(`/v1/calls/${callId}`), 200));
    },
  };
}

/** The same visit straight at the simulator, each request the NetSapiens one the Worker's request stands for. */
function simulatorClient(user: DemoUser): Client {
  let token = '';
  let dials = 0;
  const auth = (): Record<string, string> => ({ Authorization: `Bearer ${token}` });
  return {
    async signIn() {
      const body = await answerOf(
        await fetch(`${SIMULATOR_API}/tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'password',
            client_id: SIMULATOR_CLIENT_ID,
            client_secret: CLIENT_SECRET,
            username: user.username,
            password: user.password,
          }),
        }),
        200,
      );
      token = String((body as { access_token: string }).access_token);
    },
    async sessionStatus() {
      await answerOf(await fetch(`${SIMULATOR_API}/domains/~/users/~`, { headers: auth() }), 200);
    },
    async devices() {
      await answerOf(await fetch(`${SIMULATOR_API}/domains/~/users/~/devices`, { headers: auth() }), 200);
    },
    async dial(destination) {
      const callId = `load-${user.user}-${++dials}`;
      await answerOf(
        await fetch(`${SIMULATOR_API}/domains/~/users/~/calls`, {
          method: 'POST',
          headers: { ...auth(), 'Content-Type': 'application/json' },
          body: JSON.stringify({ synchronous: 'no', 'call-id': callId, 'call-term-user': destination.slice(1), 'call-orig-user': '' }),
        }),
        202,
      );
      return callId;
    },
    async poll() {
      await answerOf(await fetch(`${SIMULATOR_API}/domains/~/users/~/calls`, { headers: auth() }), 200);
    },
  };
}

/** One user's visit: sign in, check the session, list phones, then 2 or 3 dials each followed by polls at 1/s. */
async function visit(client: Client, index: number, samples: Sample[]): Promise<void> {
  // Undefined when the request failed (counted as an error); otherwise its value, boxed so a void answer still counts.
  const timed = async <T>(kind: Kind, run: () => Promise<T>): Promise<{ value: T } | undefined> => {
    const start = performance.now();
    try {
      const value = await run();
      samples.push({ kind, ms: performance.now() - start });
      return { value };
    } catch (error) {
      samples.push({ kind, ms: performance.now() - start, error: `${kind}: ${String(error)}` });
      return undefined;
    }
  };
  await sleep((index * RAMP_MS) / USERS);
  if ((await timed('sign-in', () => client.signIn())) === undefined) return;
  for (let i = 0; i < STATUS_CHECKS; i++) await timed('session status', () => client.sessionStatus());
  await timed('devices', () => client.devices());
  const dials = 2 + (index % 2);
  for (let d = 0; d < dials; d++) {
    // Fictional 555-01xx numbers, a different one per dial.
    const call = await timed('dial', () => client.dial(`+1480555${String(100 + ((index * 3 + d) % 100)).padStart(4, '0')}`));
    if (call === undefined) continue;
    for (let p = 0; p < POLLS_PER_DIAL; p++) {
      await sleep(POLL_INTERVAL_MS);
      await timed('call status', () => client.poll(call.value));
    }
  }
}

interface CrowdFigures {
  samples: Sample[];
  seconds: number;
}

async function crowd(clientFor: (user: DemoUser, index: number) => Client): Promise<CrowdFigures> {
  const users = crowdUsers(USERS);
  const samples: Sample[] = [];
  const start = performance.now();
  await Promise.all(users.map((user, index) => visit(clientFor(user, index), index, samples)));
  return { samples, seconds: (performance.now() - start) / 1000 };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** An address per user from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544). */
function clientIp(index: number): string {
  return `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

async function crowdRows(): Promise<BenchSection['rows']> {
  const stateDir = mkdtempSync(join(tmpdir(), 'c2d-load-'));
  let simulator: RunningProcess | undefined;
  let worker: RunningProcess | undefined;
  try {
    worker = await startWorkerDev({
      port: WORKER_PORT,
      stateDir,
      quiet: true,
      env: simulatorWorkerEnv(SIMULATOR_API, CLIENT_SECRET, 'load-1'),
    });
    // Each crowd gets a fresh simulator process (none inherits another's calls, tokens or warm state), and the order
    // is ABBA (alone, Worker, Worker, alone), so neither side gains from running first or last.
    const runs: { via: boolean; figures: CrowdFigures }[] = [];
    for (const via of [false, true, true, false]) {
      simulator = await startSimulatorProcess({ port: SIMULATOR_PORT, clientSecret: CLIENT_SECRET, quiet: true, crowdUsers: USERS });
      const figures = await crowd((user, index) => (via ? workerClient(user, clientIp(index)) : simulatorClient(user)));
      runs.push({ via, figures });
      await simulator.stop();
      simulator = undefined;
    }
    const merged = (via: boolean): CrowdFigures => {
      const chosen = runs.filter((run) => run.via === via).map((run) => run.figures);
      return { samples: chosen.flatMap((run) => run.samples), seconds: chosen.reduce((sum, run) => sum + run.seconds, 0) };
    };
    const alone = merged(false);
    const viaAll = merged(true);
    // Latency quantiles are over answered requests only: a request that failed fast would flatter them.
    const answered = (figures: CrowdFigures): CrowdFigures => ({
      ...figures,
      samples: figures.samples.filter((sample) => sample.error === undefined),
    });
    const via = answered(viaAll);
    const aloneAnswered = answered(alone);

    const ms = (samples: Sample[]) => samples.map((sample) => sample.ms);
    const failed = viaAll.samples.filter((sample) => sample.error !== undefined);
    const failedAlone = alone.samples.filter((sample) => sample.error !== undefined);
    const rows: BenchSection['rows'] = [
      {
        metric: `Users at once (own client IP and account each), 2 crowds a side in ABBA order, a fresh simulator each`,
        value: String(USERS),
      },
      {
        metric: 'Requests (Worker runs; simulator-alone runs as baseline)',
        value: String(viaAll.samples.length),
        baseline: String(alone.samples.length),
      },
      {
        metric: 'Throughput (answered requests/s, paced by the users: polls at 1/s)',
        value: (via.samples.length / via.seconds).toFixed(1),
        baseline: (aloneAnswered.samples.length / alone.seconds).toFixed(1),
      },
      {
        metric: 'Failed requests (goal 0; left out of every latency figure below)',
        value: String(failed.length),
        baseline: String(failedAlone.length),
      },
    ];
    for (const kind of KINDS) {
      const count = (samples: Sample[]) => samples.filter((sample) => sample.kind === kind && sample.error !== undefined).length;
      if (count(failed) + count(failedAlone) > 0)
        rows.push({ metric: `  failed ${kind}`, value: String(count(failed)), baseline: String(count(failedAlone)) });
    }
    if (failed.length > 0) rows.push({ metric: 'First error', value: failed[0].error! });
    for (const [label, q] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      const w = quantile(ms(via.samples), q);
      const d = quantile(ms(aloneAnswered.samples), q);
      rows.push({
        metric: `All requests ${label} (ms): Worker+simulator vs simulator alone`,
        value: w.toFixed(1),
        baseline: d.toFixed(1),
        ratio: `${(w / d).toFixed(1)}x`,
      });
    }
    for (const kind of KINDS) {
      const w = ms(via.samples.filter((sample) => sample.kind === kind));
      const d = ms(aloneAnswered.samples.filter((sample) => sample.kind === kind));
      rows.push({
        metric: `${kind} p50 / p99 (ms), ${w.length} requests: Worker vs simulator alone`,
        value: `${quantile(w, 0.5).toFixed(1)} / ${quantile(w, 0.99).toFixed(1)}`,
        baseline: `${quantile(d, 0.5).toFixed(1)} / ${quantile(d, 0.99).toFixed(1)}`,
        ratio: `${(quantile(w, 0.5) / quantile(d, 0.5)).toFixed(1)}x`,
      });
    }
    const added = quantile(ms(via.samples), 0.5) - quantile(ms(aloneAnswered.samples), 0.5);
    rows.push({ metric: 'Latency the Worker adds, median over all requests (ms)', value: added.toFixed(1) });
    return rows;
  } finally {
    await worker?.stop();
    await simulator?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

interface Ops {
  reads: number;
  writes: number;
}

/** KV operations (both namespaces; writes, deletes and lists together, as KV bills them) since the last reset. */
function ops(h: Harness): Ops {
  const sessions = h.kvOps('SESSIONS');
  const audit = h.kvOps('AUDIT_ARCHIVE');
  const written = (counts: typeof sessions) => counts.writes + counts.deletes + counts.lists;
  return { reads: sessions.reads + audit.reads, writes: written(sessions) + written(audit) };
}

/** Archive records in AUDIT_ARCHIVE, read past the counting wrapper (h.kv gives the store itself), so not counted. */
async function archiveRecordCount(h: Harness): Promise<number> {
  const kv = await h.kv('AUDIT_ARCHIVE');
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: 'audit:', cursor });
    count += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return count;
}

/**
 * Average KV operations of `run` over `times` runs. A dial writes its audit record after answering (waitUntil):
 * with `records` set, the count is taken only once that many new records per run are in the archive.
 */
async function counted(h: Harness, times: number, run: () => Promise<void>, records = 0): Promise<Ops> {
  const before = await archiveRecordCount(h);
  h.resetKvOps();
  for (let i = 0; i < times; i++) await run();
  for (let waited = 0; (await archiveRecordCount(h)) < before + records * times; waited += 50) {
    if (waited > 10_000) throw new Error(`the archive records of ${times} dials did not arrive`);
    await sleep(50);
  }
  const total = ops(h);
  return { reads: total.reads / times, writes: total.writes / times };
}

/** KV operations per request kind, counted in workerd (Miniflare) through the harness's counting KV wrappers. */
async function kvRows(): Promise<BenchSection['rows']> {
  const h = await startHarness({ countKvOps: true });
  const avery = DEMO_USERS.avery;
  const samples = 10;
  try {
    let session = '';
    const perSignIn = await counted(h, samples, async () => {
      const answer = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
      session = SignInResponseSchema.parse(await answer.json()).session;
    });
    const ok = async (path: string, status: number, init: { method?: string; json?: unknown } = {}): Promise<unknown> => {
      const answer = await h.fetch(path, { session, ...init });
      if (answer.status !== status) throw new Error(`${path} answered ${answer.status}`);
      return answer.status === 204 ? undefined : answer.json();
    };
    const dial = async (): Promise<string> =>
      PlaceCallResponseSchema.parse(await ok('/v1/calls', 202, { method: 'POST', json: { destination: '+14805550123' } })).callId;
    const firstDial = await counted(
      h,
      1,
      async () => {
        await dial();
      },
      1,
    );
    const perDial = await counted(
      h,
      samples,
      async () => {
        await dial();
      },
      1,
    );
    const callId = await dial();
    const perStatus = await counted(h, samples, async () => {
      await ok('/v1/session', 200);
    });
    const perDevices = await counted(h, samples, async () => {
      await ok('/v1/devices', 200);
    });
    const perPoll = await counted(h, samples, async () => {
      await ok(`/v1/calls/${callId}`, 200);
    });
    // One request after the access token expired: the refresh and its write-back, less the request's own read.
    h.simulator.expireAccessTokens();
    const withRefresh = await counted(h, 1, async () => {
      await ok('/v1/devices', 200);
    });
    const perRefresh = { reads: withRefresh.reads - perDevices.reads, writes: withRefresh.writes - perDevices.writes };
    const auditKey = { reads: 0, writes: firstDial.writes - perDial.writes };

    const daily = (pick: (o: Ops) => number): number =>
      DAILY_MIX.signIns * pick(perSignIn) +
      DAILY_MIX.statusChecks * pick(perStatus) +
      DAILY_MIX.deviceLists * pick(perDevices) +
      DAILY_MIX.dials * pick(perDial) +
      DAILY_MIX.polls * pick(perPoll) +
      DAILY_MIX.refreshes * pick(perRefresh) +
      DAILY_MIX.slides * pick(SLIDE_OPS) +
      AUDIT_KEY_REFRESHES_PER_DAY * pick(auditKey);
    const per = (name: string, o: Ops) => ({
      metric: `KV reads / writes per ${name}`,
      value: `${o.reads.toFixed(2)} / ${o.writes.toFixed(2)}`,
    });
    return [
      per('sign-in', perSignIn),
      per('session status', perStatus),
      per('devices', perDevices),
      per('dial (steady state; audit record included)', perDial),
      per("account's first dial (its audit key)", firstDial),
      per('call status poll', perPoll),
      per('access-token refresh (added to its request)', perRefresh),
      {
        metric: `Assumed day of one active user: ${DAILY_MIX.signIns} sign-ins, ${DAILY_MIX.statusChecks} session checks, ${DAILY_MIX.deviceLists} phone lists, ${DAILY_MIX.dials} dials, ${DAILY_MIX.polls} status polls, ${DAILY_MIX.refreshes} token refreshes, ${DAILY_MIX.slides} slide (STORAGE.md: 3 reads, 2 writes)`,
        value: '',
      },
      { metric: 'KV reads per active user per day', value: daily((o) => o.reads).toFixed(0) },
      { metric: 'KV writes (incl. deletes, lists) per active user per day', value: daily((o) => o.writes).toFixed(1) },
    ];
  } finally {
    await h.close();
  }
}

export async function benchLoad(): Promise<BenchSection> {
  const crowdFigures = await crowdRows();
  const kv = await kvRows();
  return {
    title: `Load (${USERS} users at once: wrangler dev + simulator process, beside the simulator alone; KV counted in workerd via Miniflare)`,
    rows: [...crowdFigures, ...kv],
  };
}

if (require.main === module) runStandalone(benchLoad);
