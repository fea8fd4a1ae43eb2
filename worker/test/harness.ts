/** Test harness: the Worker bundled as deployed, in workerd (Miniflare 4) with real KV and rate limits, over the simulator. */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, Response as MfResponse, supportedCompatibilityDate, type RequestInit as MfRequestInit } from 'miniflare';
import { SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS, startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/src/index';

const ROOT = resolve(__dirname, '../..');
const WRANGLER_TOML = join(ROOT, 'wrangler.toml');
const WRANGLER_BIN = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

export const TEST_CLIENT_ID = 'voipcom-c2d-test';
export const TEST_CLIENT_SECRET = 'test-client-secret-not-real';
/** What the harness sends as Origin when a test asks for the extension's origin. */
export const EXTENSION_ORIGIN = 'chrome-extension://hdfblghhbnjdaamfompieibfckacncaj';

export type LimiterName =
  | 'SIGNIN_IP_LIMITER'
  | 'SIGNIN_USER_IP_LIMITER'
  | 'SIGNIN_USER_LIMITER'
  | 'REQUEST_IP_LIMITER'
  | 'DIAL_LIMITER'
  | 'ACCOUNT_DIAL_LIMITER'
  | 'CALL_STATUS_LIMITER'
  | 'DESCRIBE_LIMITER';
export interface LimitConfig {
  limit: number;
  period: 10 | 60;
}

export interface SessionKeysJson {
  current: string;
  keys: Record<string, string>;
}

export interface HarnessOptions {
  /** Overrides of [vars] from wrangler.toml (NS_API_BASE and NS_CLIENT_ID default to the simulator's). */
  vars?: Record<string, string>;
  /** Default: a fresh keyring with one key, kid "k1". */
  sessionKeys?: SessionKeysJson;
  /** AUDIT_KEYS, the same shape; default: a fresh keyring with one key, kid "a1". */
  auditKeys?: SessionKeysJson;
  /**
   * 'wrangler.toml': the deployed limits. Otherwise every limiter allows 10 000 a minute except those given here,
   * so tests that sign in often do not trip the per-user sign-in limit.
   */
  rateLimits?: 'wrangler.toml' | Partial<Record<LimiterName, LimitConfig>>;
  simulator?: Pick<SimulatorOptions, 'accessTokenLifetimeSeconds'>;
  /**
   * Serve SESSIONS and AUDIT_ARCHIVE through counting wrappers (same KV stores) so kvOps() can tell reads from writes.
   * Each operation then also reports to the test, which slows it: do not measure latency with this on.
   */
  countKvOps?: boolean;
  /**
   * Serve both KV namespaces, DIAL_EVENTS and every rate limiter through fault-injecting wrappers (same stores, real
   * limits) that setPlatformFaults() controls. Not together with countKvOps.
   */
  platformFaults?: boolean;
  /**
   * DIAL_EVENTS.writeDataPoint throws (and no point arrives). writeDataPoint is synchronous, so this is a restart setting (reconfigure), not a runtime fault.
   */
  analyticsThrows?: boolean;
}

/** Faults of the platform the wrappers inject (platformFaults), as Cloudflare's bindings report them. */
export interface PlatformFaults {
  /** KV operations that throw `KV <OP> failed: <status> …` ('get' covers getWithMetadata); each rule at most `times` times. */
  kv?: { binding: 'SESSIONS' | 'AUDIT_ARCHIVE'; ops: ('get' | 'put' | 'delete' | 'list')[]; status: 429 | 503; times?: number }[];
  /** Cloudflare's per-key write limit: a put to a key written less than a second earlier throws 429. */
  kvWriteRateLimit?: boolean;
  /** These rate-limit bindings throw from limit(). */
  failingLimiters?: LimiterName[];
}

/** What the fault wrappers did, since the last setPlatformFaults(). */
export interface InjectedFaults {
  kv: { binding: string; op: string; status: number }[];
  limiters: string[];
}

/** KV operations on one namespace since the last resetKvOps(), when started with countKvOps. */
export interface KvOpCounts {
  reads: number;
  writes: number;
  deletes: number;
  lists: number;
}

/** An Analytics Engine data point as the Worker wrote it. */
export interface DataPoint {
  indexes?: (string | null)[];
  blobs?: (string | null)[];
  doubles?: number[];
}

export interface KvEntry {
  name: string;
  value: string;
  metadata: unknown;
  /** Epoch seconds. */
  expiration: number | undefined;
}

export type KvNamespace = Awaited<ReturnType<Miniflare['getKVNamespace']>>;

export interface HarnessRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is; objects go through `json`. */
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  /** JSON-encodes the value and sets Content-Type: application/json. */
  json?: unknown;
  /** Bearer session id. */
  session?: string;
  /** CF-Connecting-IP; default 203.0.113.10. */
  ip?: string;
}

/** Who signs in: a demo user, or any username and password (mfaPasscode null or absent: none sent). */
export interface SignInUser {
  username: string;
  password: string;
  mfaPasscode?: string | null;
}

export interface Harness {
  readonly simulator: Simulator;
  /** The parsed wrangler.toml [vars] the Worker runs with (after overrides). */
  readonly vars: Readonly<Record<string, string>>;
  readonly sessionKeys: SessionKeysJson;
  readonly auditKeys: SessionKeysJson;
  fetch(path: string, init?: HarnessRequestInit): Promise<MfResponse>;
  /** Signs `user` in (with its MFA passcode when it has one; default: avery) and gives the session id; throws unless 201. */
  signIn(user?: SignInUser): Promise<string>;
  kv(binding: 'SESSIONS' | 'AUDIT_ARCHIVE'): Promise<KvNamespace>;
  /** Every key with its value, metadata and expiration. */
  dumpKv(binding: 'SESSIONS' | 'AUDIT_ARCHIVE'): Promise<KvEntry[]>;
  /** Data points written to DIAL_EVENTS so far (they arrive asynchronously; see waitForAuditPoints). */
  auditPoints(): DataPoint[];
  /** Resolves once at least `count` points have arrived (rejects after 10 s). */
  waitForAuditPoints(count: number): Promise<DataPoint[]>;
  clearAuditPoints(): void;
  /** Runs the Worker's scheduled handler. */
  dispatchScheduled(cron: string, scheduledTime?: Date): Promise<void>;
  /** Default: SESSIONS. */
  kvOps(binding?: 'SESSIONS' | 'AUDIT_ARCHIVE'): KvOpCounts;
  resetKvOps(): void;
  /** Sets the faults the wrappers inject from now on (platformFaults) and clears the list of those injected. */
  setPlatformFaults(faults: PlatformFaults): void;
  injectedFaults(): InjectedFaults;
  /** Restarts the Worker with other vars, keys or limits; KV is kept (it persists in a temp dir). */
  reconfigure(options: Omit<HarnessOptions, 'simulator'>): Promise<void>;
  close(): Promise<void>;
}

/** Everything the bundle depends on; their hash names the cached bundle. */
const BUNDLE_INPUTS = ['worker/src', 'projects/shared/src', 'wrangler.toml', 'tsconfig.json', 'package-lock.json'];

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (path: string): Promise<void> => {
    const entries = await readdir(join(ROOT, path), { withFileTypes: true }).catch(() => null);
    if (entries === null) {
      hash
        .update(`${path}\0`)
        .update(await readFile(join(ROOT, path)))
        .update('\0');
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) await visit(join(path, entry.name));
  };
  for (const input of BUNDLE_INPUTS) await visit(input);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the Worker as `wrangler deploy` would (which also proves it bundles), once per set of sources: test files
 * run in separate module registries, so the bundle is cached in the temp dir under the hash of its inputs.
 */
let bundle: Promise<string> | undefined;
function bundleWorker(): Promise<string> {
  bundle ??= (async () => {
    const cached = join(tmpdir(), `voipcom-worker-bundle-${await inputsHash()}`);
    if (existsSync(join(cached, 'index.js'))) return join(cached, 'index.js');
    const outdir = await mkdtemp(join(tmpdir(), 'voipcom-worker-build-'));
    await promisify(execFile)(process.execPath, [WRANGLER_BIN, 'deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    // Another test process may have finished the same bundle first; either copy is the same.
    await rename(outdir, cached).catch(() => rm(outdir, { recursive: true, force: true }));
    return join(cached, 'index.js');
  })();
  return bundle;
}

interface WranglerConfig {
  compatibilityDate: string;
  vars: Record<string, string>;
  rateLimits: Record<LimiterName, LimitConfig & { namespaceId: string }>;
}

/** Reads the few flat settings the harness needs from wrangler.toml (its format here is simple and fixed). */
async function readWranglerToml(): Promise<WranglerConfig> {
  const text = await readFile(WRANGLER_TOML, 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  if (compatibilityDate === undefined) throw new Error('wrangler.toml: no compatibility_date');
  const varsSection = /^\[vars\]\n([\s\S]*?)(?=^\[)/m.exec(text)?.[1] ?? '';
  const vars: Record<string, string> = {};
  for (const match of varsSection.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)) vars[match[1]] = match[2]!;
  const rateLimits = {} as WranglerConfig['rateLimits'];
  const blocks = text.matchAll(
    /\[\[ratelimits\]\]\s*name\s*=\s*"(\w+)"\s*namespace_id\s*=\s*"(\w+)"\s*simple\s*=\s*\{\s*limit\s*=\s*(\d+),\s*period\s*=\s*(\d+)\s*\}/g,
  );
  for (const [, name, namespaceId, limit, period] of blocks) {
    rateLimits[name as LimiterName] = { namespaceId: namespaceId, limit: Number(limit), period: Number(period) as 10 | 60 };
  }
  return { compatibilityDate, vars, rateLimits };
}

export function newSessionKeys(kids: string[] = ['k1'], current = kids[kids.length - 1]): SessionKeysJson {
  return { current, keys: Object.fromEntries(kids.map((kid) => [kid, randomBytes(32).toString('base64url')])) };
}

/**
 * Forwards each writeDataPoint to the test through a Node service binding (Analytics Engine is a no-op locally), after
 * the checks the real binding makes, with its words (workerd, src/workerd/api/analytics-engine-impl.h).
 */
const AE_RECORDER_SCRIPT = `export default function (env) {
  const bytes = (text) => new TextEncoder().encode(text ?? '').length;
  return {
    writeDataPoint(point) {
      const p = point ?? {};
      if ((p.indexes ?? []).length > 1) throw new TypeError('writeDataPoint(): Maximum of 1 indexes supported.');
      if (bytes((p.indexes ?? [])[0]) > 96) throw new TypeError('writeDataPoint(): Size of indexes[0] exceeds 96 bytes).');
      if ((p.blobs ?? []).length > 20) throw new TypeError('writeDataPoint(): Maximum of 20 blobs supported.');
      if ((p.blobs ?? []).reduce((sum, blob) => sum + bytes(blob), 0) > 5120) throw new TypeError('writeDataPoint(): Cumulative size of blobs exceeds 5120 bytes).');
      if ((p.doubles ?? []).length > 20) throw new TypeError('writeDataPoint(): Maximum of 20 doubles supported.');
      if (env.THROWS) throw new Error('writeDataPoint(): Analytics Engine is unavailable (injected by the test).');
      env.SINK.fetch('http://sink/', { method: 'POST', body: JSON.stringify(p) });
    },
  };
}`;

/** A KVNamespace look-alike over the real one that reports each operation (awaited, so counts are exact). */
const KV_COUNTER_SCRIPT = `export default function (env) {
  const count = (op) => env.SINK.fetch('http://sink/' + op, { method: 'POST' });
  return {
    async get(key, options) { await count('reads'); return env.KV.get(key, options); },
    async getWithMetadata(key, options) { await count('reads'); return env.KV.getWithMetadata(key, options); },
    async put(key, value, options) { await count('writes'); return env.KV.put(key, value, options); },
    async delete(key) { await count('deletes'); return env.KV.delete(key); },
    async list(options) { await count('lists'); return env.KV.list(options); },
  };
}`;

/** KV through the test's fault rules: each operation first asks CONTROL whether to fail, with the binding's own error words. */
const KV_FAULT_SCRIPT = `export default function (env) {
  const STATUS_TEXT = { 429: 'Too Many Requests', 503: 'Service Unavailable' };
  const check = async (op, key) => {
    const answer = await (await env.CONTROL.fetch('http://control/kv', { method: 'POST', body: JSON.stringify({ binding: env.BINDING, op, key }) })).text();
    if (answer !== 'ok') throw new Error('KV ' + op.toUpperCase() + ' failed: ' + answer + ' ' + STATUS_TEXT[answer]);
  };
  return {
    async get(key, options) { await check('get', key); return env.KV.get(key, options); },
    async getWithMetadata(key, options) { await check('get', key); return env.KV.getWithMetadata(key, options); },
    async put(key, value, options) { await check('put', key); return env.KV.put(key, value, options); },
    async delete(key) { await check('delete', key); return env.KV.delete(key); },
    async list(options) { await check('list', ''); return env.KV.list(options); },
  };
}`;

/** A rate-limit binding over the real one that throws when the test says it fails. */
const LIMITER_FAULT_SCRIPT = `export default function (env) {
  return {
    async limit(options) {
      const answer = await (await env.CONTROL.fetch('http://control/limiter', { method: 'POST', body: env.BINDING })).text();
      if (answer !== 'ok') throw new Error('rate limit binding failed');
      return env.LIMITER.limit(options);
    },
  };
}`;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [scriptPath, wrangler, simulator, persistDir] = await Promise.all([
    bundleWorker(),
    readWranglerToml(),
    startSimulator({ port: 0, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, ...options.simulator }),
    mkdtemp(join(tmpdir(), 'voipcom-worker-kv-')),
  ]);
  const points: DataPoint[] = [];
  const kvOps: Record<'SESSIONS' | 'AUDIT_ARCHIVE', KvOpCounts> = {
    SESSIONS: { reads: 0, writes: 0, deletes: 0, lists: 0 },
    AUDIT_ARCHIVE: { reads: 0, writes: 0, deletes: 0, lists: 0 },
  };
  const counting = options.countKvOps === true;
  const faulty = options.platformFaults === true;
  let faults: PlatformFaults = {};
  let injected: InjectedFaults = { kv: [], limiters: [] };
  const lastWrite = new Map<string, number>();
  /** Answers a KV fault wrapper: 'ok', or the status the operation fails with. */
  const kvVerdict = (binding: string, op: string, key: string): string => {
    const rule = faults.kv?.find(
      (candidate) => candidate.binding === binding && candidate.ops.includes(op as 'get') && (candidate.times ?? 1) > 0,
    );
    let status: number | undefined;
    if (rule !== undefined) {
      if (rule.times !== undefined) rule.times -= 1;
      status = rule.status;
    } else if (op === 'put' && faults.kvWriteRateLimit === true && Date.now() - (lastWrite.get(`${binding}\0${key}`) ?? 0) < 1_000) {
      status = 429;
    }
    if (status === undefined) {
      if (op === 'put') lastWrite.set(`${binding}\0${key}`, Date.now());
      return 'ok';
    }
    injected.kv.push({ binding, op, status });
    return String(status);
  };
  const waiters = new Set<() => void>();
  let current: Omit<HarnessOptions, 'simulator'> = options;
  let vars: Record<string, string> = {};
  let sessionKeys: SessionKeysJson = options.sessionKeys ?? newSessionKeys();
  let auditKeys: SessionKeysJson = options.auditKeys ?? newSessionKeys(['a1']);

  function workerOptions(settings: Omit<HarnessOptions, 'simulator'>) {
    vars = { ...wrangler.vars, NS_API_BASE: simulator.apiBase, NS_CLIENT_ID: TEST_CLIENT_ID, ...settings.vars };
    sessionKeys = settings.sessionKeys ?? sessionKeys;
    auditKeys = settings.auditKeys ?? auditKeys;
    const ratelimits = Object.fromEntries(
      Object.entries(wrangler.rateLimits).map(([name, deployed]) => {
        const chosen =
          settings.rateLimits === 'wrangler.toml'
            ? deployed
            : (settings.rateLimits?.[name as LimiterName] ?? { limit: 10_000, period: 60 });
        return [name, { namespace_id: deployed.namespaceId, simple: { limit: chosen.limit, period: chosen.period } }];
      }),
    );
    return {
      workers: [
        {
          name: 'worker',
          modules: true,
          scriptPath,
          // Module names are relative to this root; the bundle lives outside the working directory.
          modulesRoot: dirname(scriptPath),
          // Miniflare 4's workerd may predate wrangler.toml's date (wrangler bundles a newer one): use the older.
          compatibilityDate:
            wrangler.compatibilityDate < supportedCompatibilityDate ? wrangler.compatibilityDate : supportedCompatibilityDate,
          bindings: {
            ...vars,
            NS_CLIENT_SECRET: TEST_CLIENT_SECRET,
            SESSION_KEYS: JSON.stringify(sessionKeys),
            AUDIT_KEYS: JSON.stringify(auditKeys),
          },
          kvNamespaces: counting || faulty ? {} : { SESSIONS: 'sessions', AUDIT_ARCHIVE: 'audit-archive' },
          ratelimits: faulty ? {} : ratelimits,
          wrappedBindings: {
            DIAL_EVENTS: { scriptName: 'ae-recorder', bindings: { THROWS: settings.analyticsThrows === true } },
            ...(counting ? { SESSIONS: { scriptName: 'kv-counter' }, AUDIT_ARCHIVE: { scriptName: 'kv-counter-audit' } } : {}),
            ...(faulty
              ? {
                  SESSIONS: { scriptName: 'kv-fault-sessions' },
                  AUDIT_ARCHIVE: { scriptName: 'kv-fault-audit' },
                  ...Object.fromEntries(Object.keys(ratelimits).map((name) => [name, { scriptName: `limiter-${name}` }])),
                }
              : {}),
          },
        },
        ...(faulty
          ? [
              ...(
                [
                  ['kv-fault-sessions', 'sessions', 'SESSIONS'],
                  ['kv-fault-audit', 'audit-archive', 'AUDIT_ARCHIVE'],
                ] as const
              ).map(([name, namespace, binding]) => ({
                name,
                modules: true,
                script: KV_FAULT_SCRIPT,
                kvNamespaces: { KV: namespace },
                bindings: { BINDING: binding },
                serviceBindings: {
                  CONTROL: async (request: { json(): Promise<unknown> }) => {
                    const { binding: which, op, key } = (await request.json()) as { binding: string; op: string; key: string };
                    return new MfResponse(kvVerdict(which, op, key));
                  },
                },
              })),
              ...Object.entries(ratelimits).map(([name, limit]) => ({
                name: `limiter-${name}`,
                modules: true,
                script: LIMITER_FAULT_SCRIPT,
                ratelimits: { LIMITER: limit },
                bindings: { BINDING: name },
                serviceBindings: {
                  CONTROL: async (request: { text(): Promise<string> }) => {
                    const which = await request.text();
                    if (!(faults.failingLimiters ?? []).includes(which as LimiterName)) return new MfResponse('ok');
                    injected.limiters.push(which);
                    return new MfResponse('fail');
                  },
                },
              })),
            ]
          : []),
        ...(counting
          ? (
              [
                ['kv-counter', 'sessions', 'SESSIONS'],
                ['kv-counter-audit', 'audit-archive', 'AUDIT_ARCHIVE'],
              ] as const
            ).map(([name, namespace, binding]) => ({
              name,
              modules: true,
              script: KV_COUNTER_SCRIPT,
              kvNamespaces: { KV: namespace },
              serviceBindings: {
                SINK: async (request: { url: string }) => {
                  const op = new URL(request.url).pathname.slice(1) as keyof KvOpCounts;
                  kvOps[binding][op] += 1;
                  return new MfResponse(null, { status: 204 });
                },
              },
            }))
          : []),
        {
          name: 'ae-recorder',
          modules: true,
          script: AE_RECORDER_SCRIPT,
          serviceBindings: {
            SINK: async (request: { json(): Promise<unknown> }) => {
              points.push((await request.json()) as DataPoint);
              for (const wake of waiters) wake();
              return new MfResponse(null, { status: 204 });
            },
          },
        },
      ],
      kvPersist: persistDir,
    };
  }

  const mf = new Miniflare(workerOptions(current));
  await mf.ready;

  async function kv(binding: 'SESSIONS' | 'AUDIT_ARCHIVE'): Promise<KvNamespace> {
    if (faulty) return mf.getKVNamespace('KV', binding === 'SESSIONS' ? 'kv-fault-sessions' : 'kv-fault-audit');
    if (!counting) return mf.getKVNamespace(binding, 'worker');
    return mf.getKVNamespace('KV', binding === 'SESSIONS' ? 'kv-counter' : 'kv-counter-audit');
  }

  const harness: Harness = {
    simulator,
    get vars() {
      return vars;
    },
    get sessionKeys() {
      return sessionKeys;
    },
    get auditKeys() {
      return auditKeys;
    },
    async fetch(path, init = {}) {
      const headers: Record<string, string> = { 'CF-Connecting-IP': init.ip ?? '203.0.113.10', ...init.headers };
      if (init.session !== undefined) headers['Authorization'] = `Bearer ${init.session}`;
      let body: MfRequestInit['body'] = init.body as MfRequestInit['body'];
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['Content-Type'] ??= 'application/json';
      }
      const requestInit: MfRequestInit = { method: init.method ?? 'GET', headers, body };
      if (body instanceof ReadableStream) (requestInit as MfRequestInit & { duplex: 'half' }).duplex = 'half';
      return mf.dispatchFetch(`https://click-to-dial.test${path}`, requestInit);
    },
    async signIn(user = DEMO_USERS.avery) {
      const { username, password, mfaPasscode } = user;
      const response = await harness.fetch('/v1/session', {
        method: 'POST',
        json: { username, password, ...(mfaPasscode ? { passcode: mfaPasscode } : {}) },
      });
      if (response.status !== 201) throw new Error(`sign-in of ${username} answered ${response.status}`);
      return SignInResponseSchema.parse(await response.json()).session;
    },
    kv,
    async dumpKv(binding) {
      const namespace = await kv(binding);
      const entries: KvEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await namespace.list({ cursor });
        for (const key of page.keys) {
          const value = (await namespace.get(key.name, 'text')) ?? '';
          entries.push({ name: key.name, value, metadata: key.metadata, expiration: key.expiration });
        }
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor !== undefined);
      return entries;
    },
    auditPoints: () => [...points],
    waitForAuditPoints(count) {
      return new Promise((resolvePoints, reject) => {
        const check = () => {
          if (points.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolvePoints([...points]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} audit points, got ${points.length}`));
        }, 10_000);
        waiters.add(check);
        check();
      });
    },
    kvOps: (binding = 'SESSIONS') => ({ ...kvOps[binding] }),
    resetKvOps() {
      for (const counts of Object.values(kvOps)) Object.assign(counts, { reads: 0, writes: 0, deletes: 0, lists: 0 });
    },
    setPlatformFaults(next) {
      // Rules are consumed as they fire: keep the test's object intact.
      faults = { ...next, kv: next.kv?.map((rule) => ({ ...rule, ops: [...rule.ops] })) };
      injected = { kv: [], limiters: [] };
    },
    injectedFaults: () => ({ kv: [...injected.kv], limiters: [...injected.limiters] }),
    clearAuditPoints() {
      points.length = 0;
    },
    async dispatchScheduled(cron, scheduledTime = new Date()) {
      const worker = await mf.getWorker('worker');
      await worker.scheduled({ cron, scheduledTime });
    },
    async reconfigure(settings) {
      current = { ...current, ...settings };
      await mf.setOptions(workerOptions(current));
    },
    async close() {
      await mf.dispose();
      await simulator.close();
      await rm(persistDir, { recursive: true, force: true });
    },
  };
  return harness;
}
