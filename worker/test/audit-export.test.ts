/** The nightly audit export in workerd: Analytics Engine SQL API (a local fake) → AUDIT_ARCHIVE, via the cron trigger. */
import { createHash } from 'node:crypto';
import { AnalyticsSqlFake, type FakeRow } from './fakes/analytics-sql-fake';
import { startHarness, type Harness, type KvEntry } from './harness';

const CRON = '30 2 * * *';
const AE_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
const AE_TOKEN = 'ae-token-for-tests';
const DATASET = 'voipcom_dial_events';
const DAY_MS = 86_400_000;

const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;

/** The run's "now": 02:30 UTC today, as the cron fires it. */
const now = new Date(`${new Date().toISOString().slice(0, 10)}T02:30:00Z`);
const day = (offset: number): string => new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
const at = (dayOffset: number, seconds: number): Date => new Date(Date.parse(`${day(dayOffset)}T00:00:00Z`) + seconds * 1000);
const hash = (uid: string): string => createHash('sha256').update(uid).digest('hex');
const archiveKey = (uid: string, d: string): string => `audit:${hash(uid)}:${d}`;

/** A data point as worker/src/audit/dial-audit.ts writes it. */
function dial(uid: string, when: Date, destination: string, error = ''): FakeRow {
  return { timestamp: new Date(Math.floor(when.getTime() / 1000) * 1000), index1: uid, blob1: destination, blob2: error, double1: error === '' ? 1 : 0, double2: when.getTime() };
}

async function archive(): Promise<KvEntry[]> {
  return (await h.dumpKv('AUDIT_ARCHIVE')).filter((entry) => entry.name.startsWith('audit:'));
}

async function kvValue(name: string): Promise<string | null> {
  return (await h.kv('AUDIT_ARCHIVE')).get(name, 'text');
}

async function runExport(): Promise<void> {
  await h.dispatchScheduled(CRON, now);
}

beforeAll(async () => {
  await sql.start();
  h = await startHarness({ vars: { AE_ACCOUNT_ID, AE_SQL_ENDPOINT: sql.endpoint, AE_DATASET: DATASET, AE_API_TOKEN: AE_TOKEN } });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await sql.stop();
});

beforeEach(async () => {
  sql.clear();
  const kv = await h.kv('AUDIT_ARCHIVE');
  for (const key of (await kv.list()).keys) await kv.delete(key.name);
});

test('[policy: audit records deleted after 12 months] archives yesterday once per account, in time order, expiring 365 days after the dial day', async () => {
  sql.seed([
    dial('1001@voipcom.test', at(-1, 3_600), '+14805550101'),
    dial('1002@voipcom.test', at(-1, 7_200), '+14805550202', 'The destination is busy.'),
    dial('1001@voipcom.test', at(-1, 60), '+14805550100'),
    dial('1001@voipcom.test', at(-1, 86_399), '+14805550199'),
    dial('1001@voipcom.test', at(0, 60), '+14805550999'), // today: not finished, not exported
    dial('1001@voipcom.test', at(-2, 60), '+14805550888'), // before the first run's start day
  ]);

  await runExport();

  const entries = await archive();
  expect(entries.map((entry) => entry.name).sort()).toEqual([archiveKey('1001@voipcom.test', day(-1)), archiveKey('1002@voipcom.test', day(-1))].sort());
  const avery = entries.find((entry) => entry.name === archiveKey('1001@voipcom.test', day(-1)))!;
  expect(JSON.parse(avery.value)).toEqual([
    { destination: '+14805550100', at: at(-1, 60).toISOString(), placed: true, error: null },
    { destination: '+14805550101', at: at(-1, 3_600).toISOString(), placed: true, error: null },
    { destination: '+14805550199', at: at(-1, 86_399).toISOString(), placed: true, error: null },
  ]);
  expect(avery.metadata).toEqual({ dials: 3 });
  expect(avery.expiration).toBe(Date.parse(`${day(-1)}T00:00:00Z`) / 1000 + 365 * 86_400);
  const blake = entries.find((entry) => entry.name === archiveKey('1002@voipcom.test', day(-1)))!;
  expect(JSON.parse(blake.value)).toEqual([{ destination: '+14805550202', at: at(-1, 7_200).toISOString(), placed: false, error: 'The destination is busy.' }]);
  // Keys carry the hash, never the uid.
  expect((await h.dumpKv('AUDIT_ARCHIVE')).some((entry) => entry.name.includes('voipcom.test'))).toBe(false);
  expect(await kvValue('export:watermark')).toBe(day(-1));
  expect(sql.queries).toHaveLength(1);
  expect(sql.queries[0]).toContain(`timestamp >= toDateTime('${day(-1)} 00:00:00') AND timestamp < toDateTime('${day(0)} 00:00:00')`);
});

test('uids differing only in case are one account: one entry holding both spellings’ dials', async () => {
  sql.seed([
    dial('Avery@Voipcom.test', at(-1, 300), '+14805550300'),
    // Byte order would put 'Zed' between 'Avery' and 'avery'.
    dial('Zed@voipcom.test', at(-1, 150), '+14805550150'),
    dial('avery@voipcom.test', at(-1, 100), '+14805550100'),
  ]);

  await runExport();

  expect((await archive()).map((entry) => entry.name).sort()).toEqual([archiveKey('avery@voipcom.test', day(-1)), archiveKey('zed@voipcom.test', day(-1))].sort());
  expect(JSON.parse((await kvValue(archiveKey('avery@voipcom.test', day(-1))))!)).toEqual([
    { destination: '+14805550100', at: at(-1, 100).toISOString(), placed: true, error: null },
    { destination: '+14805550300', at: at(-1, 300).toISOString(), placed: true, error: null },
  ]);
});

test('a re-run rewrites the same entries with the same content and adds none', async () => {
  sql.seed([dial('1001@voipcom.test', at(-1, 100), '+14805550100'), dial('1002@voipcom.test', at(-1, 200), '+14805550200')]);
  await runExport();
  const first = await archive();

  // Same night again: the watermark says the day is done, so nothing is queried or written.
  await runExport();
  expect(sql.queries).toHaveLength(1);

  // An operator moves the watermark back to re-export the day.
  await (await h.kv('AUDIT_ARCHIVE')).put('export:watermark', day(-2));
  await runExport();
  expect(sql.queries).toHaveLength(2);
  const second = await archive();
  expect(second).toEqual(first);
  expect(second).toHaveLength(2);
});

test('catches up every night missed since the watermark, and only those', async () => {
  await (await h.kv('AUDIT_ARCHIVE')).put('export:watermark', day(-4));
  sql.seed([
    dial('1001@voipcom.test', at(-4, 10), '+14805550004'), // already exported before the watermark
    dial('1001@voipcom.test', at(-3, 10), '+14805550003'),
    dial('1001@voipcom.test', at(-2, 10), '+14805550002'),
    dial('1002@voipcom.test', at(-2, 20), '+14805550022'),
    dial('1001@voipcom.test', at(-1, 10), '+14805550001'),
  ]);

  await runExport();

  expect((await archive()).map((entry) => entry.name).sort()).toEqual(
    [
      archiveKey('1001@voipcom.test', day(-3)),
      archiveKey('1001@voipcom.test', day(-2)),
      archiveKey('1002@voipcom.test', day(-2)),
      archiveKey('1001@voipcom.test', day(-1)),
    ].sort(),
  );
  expect(JSON.parse((await kvValue(archiveKey('1001@voipcom.test', day(-3))))!)).toEqual([
    { destination: '+14805550003', at: at(-3, 10).toISOString(), placed: true, error: null },
  ]);
  expect(await kvValue('export:watermark')).toBe(day(-1));
  expect(sql.queries).toHaveLength(3);
});

test('pages through a large day with LIMIT/OFFSET and keeps every row', async () => {
  const uids = ['a@voipcom.test', 'b@voipcom.test', 'c@voipcom.test'];
  const rows = Array.from({ length: 2_345 }, (_, i) => dial(uids[i % 3]!, at(-1, i * 30), `+1480555${String(i).padStart(4, '0')}`));
  // Seeded out of order: the export's ORDER BY must sort them.
  sql.seed(rows.reverse());

  await runExport();

  expect(sql.queries.map((query) => /LIMIT (\d+) OFFSET (\d+)/.exec(query)?.slice(1))).toEqual([
    ['1000', '0'],
    ['1000', '1000'],
    ['1000', '2000'],
  ]);
  const entries = await archive();
  expect(entries).toHaveLength(3);
  for (const uid of uids) {
    const dials = JSON.parse((await kvValue(archiveKey(uid, day(-1))))!) as { destination: string; at: string }[];
    expect(dials).toHaveLength(rows.filter((row) => row.index1 === uid).length);
    const times = dials.map((d) => Date.parse(d.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(dials.map((d) => d.destination)).size).toBe(dials.length);
  }
  expect(await kvValue('export:watermark')).toBe(day(-1));
});

test('a failing or malformed SQL API answer leaves the watermark, and the next run retries the day', async () => {
  await (await h.kv('AUDIT_ARCHIVE')).put('export:watermark', day(-3));
  sql.seed([dial('1001@voipcom.test', at(-2, 10), '+14805550002'), dial('1001@voipcom.test', at(-1, 10), '+14805550001')]);

  // Day -2 is answered, day -1 gets a 503: the watermark stops at day -2.
  sql.injectFaults(null, { status: 503, body: 'upstream unavailable', contentType: 'text/plain' });
  await runExport();
  expect(await kvValue('export:watermark')).toBe(day(-2));
  expect((await archive()).map((entry) => entry.name)).toEqual([archiveKey('1001@voipcom.test', day(-2))]);

  // A 200 whose body is not the documented shape is refused the same way.
  sql.injectFaults({ status: 200, body: JSON.stringify({ data: [{ uid: 1 }], rows: 1 }) });
  await runExport();
  expect(await kvValue('export:watermark')).toBe(day(-2));
  expect(await archive()).toHaveLength(1);

  await runExport();
  expect(await kvValue('export:watermark')).toBe(day(-1));
  expect((await archive()).map((entry) => entry.name).sort()).toEqual(
    [archiveKey('1001@voipcom.test', day(-2)), archiveKey('1001@voipcom.test', day(-1))].sort(),
  );
});

test('a wrong API token is refused by the API and changes nothing', async () => {
  await h.reconfigure({ vars: { ...h.vars, AE_API_TOKEN: 'not-the-token' } });
  try {
    sql.seed([dial('1001@voipcom.test', at(-1, 10), '+14805550001')]);
    await runExport();
    // The first run failed: its starting point is saved so that the next night retries yesterday, not skips it.
    expect(await kvValue('export:watermark')).toBe(day(-2));
    expect(await archive()).toHaveLength(0);
    expect(sql.queries).toHaveLength(0); // the fake records only authenticated queries
  } finally {
    await h.reconfigure({ vars: { ...h.vars, AE_API_TOKEN: AE_TOKEN } });
  }
}, 30_000);

test('a day larger than one run’s budget resumes from its cursor on the next run', async () => {
  // 1000 accounts dialled yesterday: one entry each, more KV writes than a run may make (900 operations).
  sql.seed(Array.from({ length: 1_000 }, (_, i) => dial(`${String(i).padStart(4, '0')}@voipcom.test`, at(-1, i), `+1480555${String(i).padStart(4, '0')}`)));

  await runExport();
  expect(await kvValue('export:watermark')).toBe(day(-2));
  const cursor = JSON.parse((await kvValue('export:cursor'))!) as { day: string; offset: number };
  expect(cursor.day).toBe(day(-1));
  expect(cursor.offset).toBeGreaterThan(0);
  expect(await archive()).toHaveLength(cursor.offset);

  await runExport();
  expect(sql.queries[1]).toContain(`OFFSET ${cursor.offset}`);
  expect(await kvValue('export:watermark')).toBe(day(-1));
  expect(await kvValue('export:cursor')).toBeNull();
  expect(await archive()).toHaveLength(1_000);
}, 60_000);
