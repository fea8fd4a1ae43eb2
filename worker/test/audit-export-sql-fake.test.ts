/** The Analytics Engine fake itself: the audit trail's tests are only as good as its limits, sampling, retention and answers. */
import { AnalyticsSqlFake, retentionStart } from './fakes/analytics-sql-fake';

const fake = new AnalyticsSqlFake('0123456789abcdef0123456789abcdef', 'token', 'events');
const t = (iso: string): Date => new Date(iso);
const DAY = "WHERE timestamp >= toDateTime('2026-11-27 00:00:00') AND timestamp < toDateTime('2026-11-28 00:00:00')";

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.clear();
  fake.now = () => Date.parse('2026-12-01T00:00:00Z');
});

function post(body: string, token = 'token') {
  return fetch(fake.endpoint, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
}

describe('writing: the binding’s limits, with the runtime’s own words', () => {
  test('an index of 97 bytes, two indexes, 21 blobs or doubles, or blobs over 5,120 bytes throw; 96 bytes is fine', () => {
    expect(() => fake.write({ indexes: ['x'.repeat(96)] })).not.toThrow();
    expect(() => fake.write({ indexes: ['x'.repeat(97)] })).toThrow(
      new TypeError('writeDataPoint(): Size of indexes[0] exceeds 96 bytes).'),
    );
    // Bytes, not characters: 49 two-byte characters are 98 bytes.
    expect(() => fake.write({ indexes: ['é'.repeat(49)] })).toThrow('exceeds 96 bytes');
    expect(() => fake.write({ indexes: ['a', 'b'] })).toThrow('Maximum of 1 indexes supported.');
    expect(() => fake.write({ blobs: Array.from({ length: 21 }, () => 'b') })).toThrow('Maximum of 20 blobs supported.');
    expect(() => fake.write({ doubles: Array.from({ length: 21 }, () => 1) })).toThrow('Maximum of 20 doubles supported.');
    expect(() => fake.write({ blobs: ['b'.repeat(5_000), 'b'.repeat(121)] })).toThrow('Cumulative size of blobs exceeds 5120 bytes).');
    expect(() => fake.write({ blobs: ['b'.repeat(5_000), 'b'.repeat(120)] })).not.toThrow();
    // Only the points that passed were stored.
    expect(fake.storedRows()).toHaveLength(2);
  });
});

describe('reading: the SQL API’s answers', () => {
  beforeEach(() => {
    fake.write({ indexes: ['b'], blobs: ['late-before'] }, t('2026-11-26T23:59:59Z'));
    fake.write({ indexes: ['B'], blobs: ['first'], doubles: [5] }, t('2026-11-27T00:00:00Z'));
    fake.write({ indexes: ['a'], blobs: ['noon'], doubles: [1] }, t('2026-11-27T12:00:00Z'));
    fake.write({ indexes: ['c'], blobs: ['last'] }, t('2026-11-27T23:59:59Z'));
    fake.write({ indexes: ['a'], blobs: ['next-day'] }, t('2026-11-28T00:00:00Z'));
  });

  test('a half-open day, ordered and paged; DateTime printed as text in UTC, 64-bit counts as strings, a LIMIT says how many rows it cut', () => {
    const all = fake.execute(
      `SELECT index1 AS account, timestamp, blob1 AS what, double1 FROM events ${DAY} ORDER BY account, timestamp FORMAT JSON`,
    );
    // SQLite's semantics: text compares by bytes, so 'B' sorts before 'a'.
    expect(all.data).toEqual([
      { account: 'B', timestamp: '2026-11-27 00:00:00', what: 'first', double1: 5 },
      { account: 'a', timestamp: '2026-11-27 12:00:00', what: 'noon', double1: 1 },
      { account: 'c', timestamp: '2026-11-27 23:59:59', what: 'last', double1: 0 },
    ]);
    expect(all.meta).toEqual([
      { name: 'account', type: 'String' },
      { name: 'timestamp', type: 'String' },
      { name: 'what', type: 'String' },
      { name: 'double1', type: 'Float64' },
    ]);
    const page = fake.execute(`SELECT blob1 FROM events ${DAY} ORDER BY timestamp DESC LIMIT 1 OFFSET 1 FORMAT JSON`);
    expect(page).toMatchObject({ data: [{ blob1: 'noon' }], rows: 1, rows_before_limit_at_least: 3 });
    const counts = fake.execute(
      `SELECT index1, count() AS points, SUM(_sample_interval) AS dials FROM events ${DAY} GROUP BY index1 ORDER BY index1`,
    );
    expect(counts.data).toEqual([
      { index1: 'B', points: '1', dials: '1' },
      { index1: 'a', points: '1', dials: '1' },
      { index1: 'c', points: '1', dials: '1' },
    ]);
    expect(counts.meta.map((column) => column.type)).toEqual(['String', 'UInt64', 'UInt64']);
    const byUnixTime = fake.execute(
      `SELECT blob1 FROM events WHERE timestamp >= toDateTime(${Date.parse('2026-11-27T12:00:00Z') / 1000}) AND double1 >= 1`,
    );
    expect(byUnixTime.data).toEqual([{ blob1: 'noon' }]);
  });

  test('queries in the shape the Worker sends (worker/src/audit-export/dial-event-query.ts): a slice’s count, a page of its rows, its accounts', () => {
    // Written out: importing the Worker's module here would type-check it without the Workers runtime's types.
    const from = Date.parse('2026-11-27T00:00:00Z');
    const to = Date.parse('2026-11-28T00:00:00Z');
    const where = `WHERE timestamp >= toDateTime(${from / 1000 - 60}) AND timestamp < toDateTime(${to / 1000 + 600}) AND double1 >= ${from} AND double1 < ${to}`;
    const sliceCountSql = (): string => `SELECT count() AS points, SUM(_sample_interval) AS dials FROM events ${where} FORMAT JSON`;
    const sliceRowsSql = (offset: number, limit: number): string =>
      `SELECT index1 AS account, blob1 AS dial_id, blob2 AS sealed, double1 AS at_ms, _sample_interval AS sample_interval FROM events ${where} ORDER BY index1, blob1 LIMIT ${limit} OFFSET ${offset} FORMAT JSON`;
    const sliceAccountsSql = (limit: number): string =>
      `SELECT index1 AS account, min(_sample_interval) AS finest FROM events ${where} GROUP BY index1 ORDER BY index1 LIMIT ${limit} FORMAT JSON`;
    // No dial yet by the dial's own time: ClickHouse sums no rows to 0, where SQLite would say NULL.
    expect(fake.execute(sliceCountSql()).data).toEqual([{ points: '0', dials: '0' }]);
    // The Worker selects by the dial's own time (double1): a dial of 23:59 written after midnight is the 27th's,
    // one of the 26th written after midnight is not.
    fake.write({ indexes: ['a'], blobs: ['late-dial', 's'], doubles: [Date.parse('2026-11-27T23:59:00Z')] }, t('2026-11-28T00:01:00Z'));
    fake.write({ indexes: ['a'], blobs: ['day-before', 's'], doubles: [Date.parse('2026-11-26T23:59:30Z')] }, t('2026-11-27T00:00:10Z'));
    fake.write({ indexes: ['b'], blobs: ['ten', 's'], doubles: [Date.parse('2026-11-27T10:00:00Z')] }, t('2026-11-27T10:00:01Z'));
    expect(fake.execute(sliceCountSql()).data).toEqual([{ points: '2', dials: '2' }]);
    const row = (account: string, id: string, at: string) => ({
      account,
      dial_id: id,
      sealed: 's',
      at_ms: Date.parse(at),
      sample_interval: 1,
    });
    expect(fake.execute(sliceRowsSql(0, 1)).data).toEqual([row('a', 'late-dial', '2026-11-27T23:59:00Z')]);
    expect(fake.execute(sliceRowsSql(1, 5)).data).toEqual([row('b', 'ten', '2026-11-27T10:00:00Z')]);
    expect(fake.execute(sliceAccountsSql(10)).data).toEqual([
      { account: 'a', finest: 1 },
      { account: 'b', finest: 1 },
    ]);
  });

  test('over HTTP: only with the bearer token; 422 "Input was invalid" for SQL it cannot run, in SQLite’s words after the dialect’s translation', async () => {
    expect((await post('SELECT blob1 FROM events', 'wrong')).status).toBe(401);
    const ok = await post(`SELECT blob1 FROM events ${DAY} ORDER BY timestamp LIMIT 2`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { rows: number }).rows).toBe(2);

    const refused = async (sql: string) => {
      const response = await post(sql);
      return { status: response.status, text: await response.text() };
    };
    expect(await refused('SELECT blob1 FROM other_dataset')).toEqual({
      status: 422,
      text: 'Input was invalid: unknown table other_dataset',
    });
    expect(await refused('SELECT nonsense FROM events')).toEqual({ status: 422, text: 'Input was invalid: no such column: nonsense' });
    expect(await refused('SELECT lowerUTF8(index1) FROM events')).toMatchObject({
      status: 422,
      text: expect.stringContaining('no such function: lowerUTF8'),
    });
    // Rows cannot be deleted through the API.
    expect(await refused("DELETE FROM events WHERE index1 = 'a'")).toEqual({
      status: 422,
      text: 'Input was invalid: only SELECT queries are supported',
    });
    expect(fake.storedRows()).toHaveLength(5);
    const either = await post(`SELECT blob1 FROM events WHERE index1 = 'a' OR index1 = 'B' ORDER BY blob1 FORMAT JSON`);
    expect(((await either.json()) as { data: unknown[] }).data).toEqual([{ blob1: 'first' }, { blob1: 'next-day' }, { blob1: 'noon' }]);
    const formats = await post(`SELECT blob1 FROM events ${DAY} ORDER BY timestamp FORMAT JSONEachRow`);
    expect((await formats.text()).split('\n')).toEqual(['{"blob1":"first"}', '{"blob1":"noon"}', '{"blob1":"last"}']);
  });
});

describe('sampling, as documented: at write time per index, at read time per query complexity', () => {
  test('an index written too quickly keeps one point in N, each standing for N: SUM(_sample_interval) counts them, rows do not', () => {
    fake.setSampling({ write: { perIndexPerMinute: 5, keepOneIn: 10 } });
    for (let i = 0; i < 45; i++) fake.write({ indexes: ['busy'], blobs: [`b${i}`] }, t(`2026-11-27T10:00:${String(i).padStart(2, '0')}Z`));
    fake.write({ indexes: ['quiet'], blobs: ['q'] }, t('2026-11-27T10:00:30Z'));
    const counts = fake.execute(
      `SELECT index1, count() AS points, SUM(_sample_interval) AS dials, max(_sample_interval) AS coarsest FROM events ${DAY} GROUP BY index1 ORDER BY index1`,
    );
    expect(counts.data).toEqual([
      { index1: 'busy', points: '9', dials: '45', coarsest: 10 },
      { index1: 'quiet', points: '1', dials: '1', coarsest: 1 },
    ]);
    // Nothing can narrow this away: the rows are stored sampled.
    expect(fake.execute(`SELECT blob1 FROM events ${DAY} AND index1 = 'busy' AND _sample_interval = 1`).rows).toBe(5);
  });

  test('a query retrieving too many rows, or reading too many indexes, is answered at 10% or 1%; a narrower one at full resolution', () => {
    fake.setSampling({ read: { maxRows: 50, maxIndexes: 20 } });
    for (let i = 0; i < 300; i++)
      fake.write({ indexes: [`acct${i % 30}`], blobs: [`d${i}`] }, new Date(Date.parse('2026-11-27T00:00:00Z') + i * 240_000));
    const whole = fake.execute(`SELECT blob1, _sample_interval AS sample_interval FROM events ${DAY}`);
    expect(whole.data.every((row) => row['sample_interval'] === 10)).toBe(true);
    expect(whole.rows).toBeGreaterThan(10);
    expect(whole.rows).toBeLessThan(60);
    // Counting is cheap (one row retrieved) but reads 30 indexes: sampled too, and the estimate is not the count.
    const count = fake.execute(`SELECT count() AS points, SUM(_sample_interval) AS dials FROM events ${DAY}`).data[0];
    expect(Number(count['points'])).toBeLessThan(300);
    expect(count['dials']).not.toBe(count['points']);
    // One hour of one index: few rows, one index.
    const narrow = fake.execute(
      "SELECT blob1, _sample_interval AS sample_interval FROM events WHERE timestamp >= toDateTime('2026-11-27 01:00:00') AND timestamp < toDateTime('2026-11-27 02:00:00') AND index1 = 'acct15'",
    );
    expect(narrow.data).toEqual([{ blob1: 'd15', sample_interval: 1 }]);
    // Load varies: the same query may come back at another resolution.
    fake.forceResolution(100);
    const coarse = fake.execute(`SELECT blob1, _sample_interval AS sample_interval FROM events ${DAY}`);
    expect(coarse.data.every((row) => row['sample_interval'] === 100)).toBe(true);
  });
});

describe('retention: three months, and nothing is ever deleted', () => {
  test('rows older than three months are no longer answered, yet still stored; a day at the edge is answered only in part', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    fake.now = () => now;
    const edge = retentionStart(now);
    expect(new Date(edge).toISOString()).toBe('2026-09-01T12:00:00.000Z');
    fake.write({ indexes: ['a'], blobs: ['gone'] }, new Date(edge - 3_600_000));
    fake.write({ indexes: ['a'], blobs: ['kept'] }, new Date(edge + 3_600_000));
    const day = fake.execute(
      "SELECT blob1 FROM events WHERE timestamp >= toDateTime('2026-09-01 00:00:00') AND timestamp < toDateTime('2026-09-02 00:00:00')",
    );
    expect(day.data).toEqual([{ blob1: 'kept' }]);
    expect(fake.storedRows().map((row) => row.blobs[0])).toEqual(['gone', 'kept']);
  });
});
