/** The Analytics Engine SQL API fake itself: the export's tests are only as good as its WHERE, ORDER BY and paging. */
import { AnalyticsSqlFake } from './fakes/analytics-sql-fake';

const fake = new AnalyticsSqlFake('0123456789abcdef0123456789abcdef', 'token', 'events');
const t = (iso: string): Date => new Date(iso);

beforeAll(async () => {
  await fake.start();
  fake.seed([
    { timestamp: t('2026-11-26T23:59:59Z'), index1: 'b', blob1: 'late-before' },
    { timestamp: t('2026-11-27T00:00:00Z'), index1: 'B', blob1: 'first' },
    { timestamp: t('2026-11-27T12:00:00Z'), index1: 'a', blob1: 'noon', double1: 1 },
    { timestamp: t('2026-11-27T23:59:59Z'), index1: 'c', blob1: 'last' },
    { timestamp: t('2026-11-28T00:00:00Z'), index1: 'a', blob1: 'next-day' },
  ]);
});
afterAll(() => fake.stop());

const DAY = "WHERE timestamp >= toDateTime('2026-11-27 00:00:00') AND timestamp < toDateTime('2026-11-28 00:00:00')";

test('keeps the half-open day, orders (lower-cased) and pages with LIMIT/OFFSET, prints DateTime as the API does', () => {
  const all = fake.execute(`SELECT lowerUTF8(index1) AS uid, timestamp, blob1 AS what FROM events ${DAY} ORDER BY lowerUTF8(index1), timestamp FORMAT JSON`);
  expect(all.data).toEqual([
    { uid: 'a', timestamp: '2026-11-27 12:00:00', what: 'noon' },
    { uid: 'b', timestamp: '2026-11-27 00:00:00', what: 'first' },
    { uid: 'c', timestamp: '2026-11-27 23:59:59', what: 'last' },
  ]);
  expect(all.meta).toEqual([
    { name: 'uid', type: 'String' },
    { name: 'timestamp', type: 'DateTime' },
    { name: 'what', type: 'String' },
  ]);
  const page = fake.execute(`SELECT blob1 FROM events ${DAY} ORDER BY timestamp DESC LIMIT 1 OFFSET 1 FORMAT JSON`);
  expect(page).toMatchObject({ data: [{ blob1: 'noon' }], rows: 1, rows_before_limit_at_least: 3 });
});

test('answers over HTTP only with the bearer token, and refuses SQL it does not understand with a 400', async () => {
  const post = (body: string, token = 'token') =>
    fetch(fake.endpoint, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
  expect((await post('SELECT blob1 FROM events', 'wrong')).status).toBe(401);
  const ok = await post(`SELECT blob1 FROM events ${DAY} ORDER BY timestamp LIMIT 2`);
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { rows: number }).rows).toBe(2);
  expect((await post('SELECT blob1 FROM events WHERE blob1 LIKE 1')).status).toBe(400);
  expect((await post('SELECT blob1 FROM other_dataset')).status).toBe(400);
  expect((await post('SELECT blob1 FROM events FORMAT TabSeparated')).status).toBe(400);
});
