/** The dial archive and its nightly check in workerd: records written at dial time, compared with Analytics Engine (a local fake) by the cron trigger. */
import { randomBytes } from 'node:crypto';
import { DEMO_USERS } from '../../simulator/src/index';
import { archiveRecords, openRecord, pseudonymOf, waitForRecords } from './audit-vault';
import { AnalyticsSqlFake, type DataPointInput } from './fakes/analytics-sql-fake';
import { startHarness, type Harness, type KvEntry } from './harness';
import { sealSession, sessionKvKey, sha256Hex } from './session-vault';
import { captureWorkerLogs, type WorkerLogs } from './privacy/support/worker-logs';

jest.setTimeout(60_000);

const CRON = '30 2 * * *';
const AE_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
const AE_TOKEN = 'ae-token-for-tests';
const DATASET = 'voipcom_dial_events';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const AE_VARS = { AE_ACCOUNT_ID, AE_SQL_ENDPOINT: '', AE_DATASET: DATASET, AE_API_TOKEN: AE_TOKEN };

const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;
let logs: WorkerLogs;

/** Today (UTC) as the tests run; the cron "tomorrow at 02:30" makes today a finished day. */
const today = new Date().toISOString().slice(0, 10);
const dayStart = (offset: number): number => Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS;
const day = (offset: number): string => new Date(dayStart(offset)).toISOString().slice(0, 10);
const cronAt = (offsetDays: number): Date => new Date(dayStart(offsetDays) + 2.5 * HOUR_MS);

interface Progress {
  v: 2;
  watermark: string | null;
  open: { day: string; slices: string[] }[];
  current: { day: string; offset: number; queue: unknown[] } | null;
}

async function progress(): Promise<Progress | null> {
  const text = await (await h.kv('AUDIT_ARCHIVE')).get('export:progress', 'text');
  return text === null ? null : (JSON.parse(text) as Progress);
}

async function setWatermark(watermark: string): Promise<void> {
  await (await h.kv('AUDIT_ARCHIVE')).put('export:progress', JSON.stringify({ v: 2, watermark, open: [], current: null }));
}

async function archive(): Promise<KvEntry[]> {
  return archiveRecords(await h.dumpKv('AUDIT_ARCHIVE'));
}

async function runNight(offsetDays = 1): Promise<string[]> {
  const before = sql.queries.length;
  await h.dispatchScheduled(CRON, cronAt(offsetDays));
  return sql.queries.slice(before);
}

/** Dials through the Worker and hands the data points it wrote to Analytics Engine, as the runtime would. */
async function dialAndPublish(session: string, destinations: string[]): Promise<DataPointInput[]> {
  const before = h.auditPoints().length;
  for (const destination of destinations)
    await (await h.fetch('/v1/calls', { method: 'POST', session, json: { destination } })).arrayBuffer();
  const points = (await h.waitForAuditPoints(before + destinations.length)).slice(before);
  for (const point of points) sql.write(point, new Date((point.doubles?.[0] ?? 0) + 1_000));
  return points;
}

/**
 * A data point in the audit layout for a day the test cannot dial on (content sealed under a key nobody holds: the
 * check copies it without opening it).
 */
function madeUpPoint(uid: string, atMs: number): DataPointInput {
  const b64 = (bytes: number): string => randomBytes(bytes).toString('base64url');
  return { indexes: [pseudonymOf(h.auditKeys, uid)], blobs: [b64(16), `s1.${b64(16)}.${b64(12)}.${b64(60)}`], doubles: [atMs] };
}

function publish(points: DataPointInput[]): void {
  for (const point of points) sql.write(point, new Date(point.doubles![0] + 2_000));
}

/** The archive record the check writes for a data point it copies: exactly the point's own fields. */
function expectedRecord(point: DataPointInput): { name: string; metadata: unknown } {
  const at = point.doubles![0];
  return {
    name: `audit:${new Date(at).toISOString().slice(0, 10)}:${point.indexes![0]}:${point.blobs![0]}`,
    metadata: { at, s: point.blobs![1] },
  };
}

/** The first line from the `from`-th on that holds every fragment (Worker logs arrive a moment after the run). */
async function waitForLog(from: number, ...fragments: string[]): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = logs
      .lines()
      .slice(from)
      .find((each) => fragments.every((fragment) => each.includes(fragment)));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line with ${fragments.join(' and ')}`);
}

let averySession: string;
let blakeSession: string;

beforeAll(async () => {
  await sql.start();
  logs = captureWorkerLogs();
  h = await startHarness({ vars: { ...AE_VARS, AE_SQL_ENDPOINT: sql.endpoint } });
  averySession = await h.signIn(avery);
  blakeSession = await h.signIn(blake);
}, 120_000);

afterAll(async () => {
  logs?.restore();
  await h?.close();
  await sql.stop();
});

beforeEach(async () => {
  sql.clear();
  h.clearAuditPoints();
  // Records and progress go; the accounts' keys stay (dials of earlier tests must not need them).
  const kv = await h.kv('AUDIT_ARCHIVE');
  const names = (await h.dumpKv('AUDIT_ARCHIVE')).map((entry) => entry.name).filter((name) => !name.startsWith('auditkey:'));
  // 100 at a time: one by one, the 2,000 records of the largest test took most of the hook's minute on a busy machine.
  for (let i = 0; i < names.length; i += 100) await Promise.all(names.slice(i, i + 100).map((name) => kv.delete(name)));
}, 120_000);

test('[policy: maintain an internal audit record of dials] each dial is archived as it is made, sealed under its account’s key, and the nightly check confirms the day', async () => {
  await dialAndPublish(averySession, ['+14805550101', '12']);
  await dialAndPublish(blakeSession, ['+14805550201']);
  const records = await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 3);

  const kv = await h.kv('AUDIT_ARCHIVE');
  const opened = await Promise.all(records.map((record) => openRecord(kv, h.auditKeys, record)));
  expect(opened.map((dial) => dial && [dial.pseudonym, dial.destination, dial.placed, dial.error === '' ? '' : 'error'])).toEqual([
    [pseudonymOf(h.auditKeys, avery.uid), '+14805550101', true, ''],
    [pseudonymOf(h.auditKeys, avery.uid), '', false, 'error'],
    [pseudonymOf(h.auditKeys, blake.uid), '+14805550201', true, ''],
  ]);
  for (const record of records) {
    expect(record.name.startsWith(`audit:${today}:`)).toBe(true);
    expect(record.value).toBe('');
    expect(record.expiration).toBe(dayStart(0) / 1000 + 365 * 86_400);
  }
  // No uid, destination or error text in clear anywhere in the archive.
  const dump = JSON.stringify(await h.dumpKv('AUDIT_ARCHIVE'));
  for (const clear of [avery.uid, blake.uid, '4805550101', 'international form']) expect(dump).not.toContain(clear);

  const queries = await runNight();
  expect(await progress()).toEqual({ v: 2, watermark: today, open: [], current: null });
  // One count and one page: nothing sampled, nothing missing, nothing rewritten.
  expect(queries).toHaveLength(2);
  expect(queries[0]).toContain(`double1 >= ${dayStart(0)} AND double1 < ${dayStart(1)}`);
  expect(await archive()).toEqual(records);
});

test('a dial whose archive write failed at dial time is copied in from its data point, word for word', async () => {
  const [point] = await dialAndPublish(averySession, ['+14805550102']);
  const [record] = await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 1);
  await (await h.kv('AUDIT_ARCHIVE')).delete(record.name);

  await runNight();
  const [copied] = await archive();
  expect(copied).toEqual(record);
  expect({ name: copied.name, metadata: copied.metadata }).toEqual(expectedRecord(point));
  expect((await openRecord(await h.kv('AUDIT_ARCHIVE'), h.auditKeys, copied))?.destination).toBe('+14805550102');
});

test('[policy: maintain an internal audit record of dials] a sampled day is never taken as complete: narrowed by hour, then by account, it is read whole and every dial archived', async () => {
  await setWatermark(day(-4));
  // Day -3: 5 dials an hour for 8 hours, two accounts. Day -2: one busy hour, three accounts, 6 dials each.
  const quiet = Array.from({ length: 40 }, (_, i) =>
    madeUpPoint(i % 2 === 0 ? avery.uid : blake.uid, dayStart(-3) + Math.floor(i / 5) * HOUR_MS + (i % 5) * 60_000),
  );
  const busy = Array.from({ length: 18 }, (_, i) =>
    madeUpPoint(['a@x.test', 'b@x.test', 'c@x.test'][i % 3], dayStart(-2) + 10 * HOUR_MS + i * 1_000),
  );
  publish([...quiet, ...busy]);
  // None was archived at dial time: everything must come from Analytics Engine, and only rows read at full resolution prove a day whole.
  sql.setSampling({ read: { maxRows: 10, maxIndexes: 50 } });

  const queries = await runNight(-1);
  const state = await progress();
  expect(state).toMatchObject({ watermark: day(-2), open: [], current: null });
  const archived = await archive();
  expect(archived.map(({ name, metadata }) => ({ name, metadata })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
    [...quiet, ...busy].map(expectedRecord).sort((a, b) => a.name.localeCompare(b.name)),
  );
  // Day -3 was read hour by hour; day -2's busy hour account by account.
  expect(
    queries.some((query) => query.includes(`double1 >= ${dayStart(-3) + 7 * HOUR_MS} AND double1 < ${dayStart(-3) + 8 * HOUR_MS}`)),
  ).toBe(true);
  expect(
    queries.filter((query) => query.includes(`double1 >= ${dayStart(-2) + 10 * HOUR_MS}`) && query.includes('index1 = ')).length,
  ).toBeGreaterThanOrEqual(3);
});

test('[policy: maintain an internal audit record of dials] a day that cannot be read whole stays open, is retried every run with an error that names it, and closes once read whole', async () => {
  await setWatermark(day(-3));
  const points = Array.from({ length: 12 }, (_, i) =>
    madeUpPoint(i % 2 === 0 ? avery.uid : blake.uid, dayStart(-2) + 9 * HOUR_MS + i * 60_000),
  );
  publish(points);
  // A busy night at Analytics Engine: every query that reads more than one row or index is sampled.
  sql.setSampling({ read: { maxRows: 1, maxIndexes: 1 } });

  const mark = logs.lines().length;
  await runNight(-1);
  expect(await progress()).toMatchObject({ watermark: day(-2), open: [{ day: day(-2) }], current: null });
  const error = await waitForLog(mark, 'audit_export_day_incomplete');
  expect(error).toContain(day(-2));
  expect(error).toContain('"level":"error"');

  // The next night is no better: the day is read again, and stays open.
  const retry = await runNight(0);
  expect(retry.some((query) => query.includes(`double1 >= ${dayStart(-2)}`))).toBe(true);
  expect((await progress())?.open.map((open) => open.day)).toEqual([day(-2)]);

  // Then Analytics Engine answers at full resolution: the day is read whole, closed, and every dial archived.
  sql.setSampling({});
  await runNight(1);
  expect(await progress()).toMatchObject({ open: [], current: null });
  expect((await archive()).map(({ name }) => name).sort()).toEqual(points.map((point) => expectedRecord(point).name).sort());
});

test('[policy: maintain an internal audit record of dials] an account sampled as it was written can never be read whole: its day stays open until Analytics Engine no longer holds it, then a final error names it', async () => {
  await setWatermark(day(-3));
  // 30 dials in one minute from one account: Analytics Engine keeps one in ten after the fifth.
  sql.setSampling({ write: { perIndexPerMinute: 5, keepOneIn: 10 } });
  publish(Array.from({ length: 30 }, (_, i) => madeUpPoint(avery.uid, dayStart(-2) + 9 * HOUR_MS + i * 1_000)));
  publish([madeUpPoint(blake.uid, dayStart(-2) + 11 * HOUR_MS)]);

  await runNight(-1);
  expect((await progress())?.open).toEqual([{ day: day(-2), slices: [expect.stringContaining('one account')] }]);
  // What Analytics Engine kept is archived all the same; the rest is reported, not invented.
  expect(await archive()).toHaveLength(5 + 3 + 1);

  // 90 days later Analytics Engine no longer holds the day: it leaves the open list, with a final error.
  const mark = logs.lines().length;
  await runNight(88);
  expect((await progress())?.open).toEqual([]);
  expect(await waitForLog(mark, 'audit_export_day_unverified')).toContain(day(-2));
});

test('a run that reaches its time limit stops, saves where it stopped, and the next run resumes there', async () => {
  await h.reconfigure({ vars: { ...h.vars, AUDIT_EXPORT_RUN_SECONDS: '1' } });
  try {
    await setWatermark(day(-7));
    for (let offset = -6; offset <= -1; offset++) publish([madeUpPoint(avery.uid, dayStart(offset) + HOUR_MS)]);
    sql.setDelay(300);

    const first = await runNight(0);
    const stopped = await progress();
    expect(stopped?.watermark).not.toBeNull();
    expect(stopped!.watermark! < day(-1)).toBe(true);
    // Each day costs two queries of 300 ms: the one-second budget stops the run after about two days.
    expect(first.length).toBeLessThan(6);

    // The day it was working on, or (if it stopped between days) the one after the watermark.
    const resumed = stopped!.current?.day ?? new Date(Date.parse(`${stopped!.watermark!}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    const second = await runNight(0);
    expect(second[0]).toContain(`double1 >= ${Date.parse(`${resumed}T00:00:00Z`)}`);
    for (let run = 0; run < 6 && (await progress())?.watermark !== day(-1); run++) await runNight(0);
    expect(await progress()).toMatchObject({ watermark: day(-1), open: [], current: null });
    expect(await archive()).toHaveLength(6);
  } finally {
    sql.setDelay(0);
    await h.reconfigure({ vars: { ...h.vars, AUDIT_EXPORT_RUN_SECONDS: '600' } });
  }
});

test('a day larger than one run’s KV budget resumes from the page where it stopped', async () => {
  await setWatermark(day(-2));
  // 2,000 dials on one day; the first 1,000 (one SQL page) were archived at dial time, the rest were not: more copies
  // than one run may write (900 operations).
  const points = Array.from({ length: 2_000 }, (_, i) => madeUpPoint(`${String(i).padStart(4, '0')}@x.test`, dayStart(-1) + i * 30_000));
  publish(points);
  const kv = await h.kv('AUDIT_ARCHIVE');
  const inOrder = [...points].sort((a, b) => (a.indexes![0]! + a.blobs![0]! < b.indexes![0]! + b.blobs![0]! ? -1 : 1));
  for (const point of inOrder.slice(0, 1_000)) {
    const { name, metadata } = expectedRecord(point);
    await kv.put(name, '', { metadata });
  }

  await runNight(0);
  const stopped = await progress();
  expect(stopped).toMatchObject({ watermark: day(-2), current: { day: day(-1), offset: 1_000 } });
  const copied = (await archive()).length - 1_000;
  expect(copied).toBeGreaterThan(0);
  expect(copied).toBeLessThan(1_000);

  const second = await runNight(0);
  expect(second[0]).toContain('OFFSET 1000');
  expect(await progress()).toMatchObject({ watermark: day(-1), open: [], current: null });
  expect(await archive()).toHaveLength(2_000);
  // 2,000 KV writes and reads through workerd: about 50 s here, over twice that on a loaded 2-core machine.
}, 240_000);

test('a day whose first hours Analytics Engine may already have dropped is never checked: the check starts at the oldest whole day', async () => {
  await setWatermark(day(-120));
  const oldest = -88;
  publish([madeUpPoint(avery.uid, dayStart(oldest - 1) + 23 * HOUR_MS), madeUpPoint(avery.uid, dayStart(oldest) + HOUR_MS)]);
  sql.now = () => cronAt(0).getTime();

  const mark = logs.lines().length;
  const queries = await runNight(0);
  expect(await waitForLog(mark, 'audit_export_gap')).toContain(`${day(-119)} to ${day(oldest - 1)}`);
  expect(queries[0]).toContain(`double1 >= ${dayStart(oldest)}`);
  expect(queries.some((query) => query.includes(`double1 >= ${dayStart(oldest - 1)}`))).toBe(false);
  expect((await archive()).map(({ name }) => name.split(':')[1])).toEqual([day(oldest)]);
}, 120_000);

test('[policy: maintain an internal audit record of dials] a 200-character uid is audited and archived: its index is a fixed-length pseudonym', async () => {
  const uid = `${'x'.repeat(180)}@long.voipcom.test`.padEnd(200, 'z');
  expect(uid).toHaveLength(200);
  // Its own index would be refused by the runtime: 200 bytes > 96.
  expect(() => sql.write({ indexes: [uid] })).toThrow('Size of indexes[0] exceeds 96 bytes');
  sql.clear();

  // A session for an account with that uid, stored as the Worker stores one (worker/STORAGE.md).
  const sessionId = randomBytes(32).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const record = {
    accessToken: 'a'.repeat(32),
    refreshToken: 'r'.repeat(32),
    accessExpiresAt: now + 3_600,
    user: { uid, user: 'x', domain: 'long.voipcom.test', displayName: 'Long' },
  };
  const sessions = await h.kv('SESSIONS');
  await sessions.put(sessionKvKey(sessionId), sealSession(h.sessionKeys, h.sessionKeys.current, sessionKvKey(sessionId), record), {
    expiration: now + 86_400,
    metadata: { lastWrite: now },
  });
  await sessions.put(`account:${sha256Hex(uid.toLowerCase())}:${sha256Hex(sessionId)}`, '', { expiration: now + 86_400 });

  const [point] = await dialAndPublish(sessionId, ['12']);
  expect(point?.indexes).toEqual([pseudonymOf(h.auditKeys, uid)]);
  expect(Buffer.byteLength(point.indexes![0]!)).toBeLessThanOrEqual(60);
  const [archived] = await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 1);
  expect(await openRecord(await h.kv('AUDIT_ARCHIVE'), h.auditKeys, archived)).toMatchObject({ destination: '', placed: false });

  await runNight();
  expect(await progress()).toMatchObject({ watermark: today, open: [] });
});
