/**
 * Faults of the platform itself, injected in workerd by wrapped bindings over the real KV, rate limits and Analytics
 * Engine recorder (harness `platformFaults`): KV reads and writes that fail (an outage, and Cloudflare's 429 for
 * writes to one key faster than once a second), an Analytics Engine writeDataPoint that throws, a rate-limit binding
 * that fails. For each: JSON 503 service_unavailable with Retry-After (never 500), no call placed twice, and every
 * placed dial audited or recoverable.
 */
import { ErrorBodySchema, PlaceCallResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { archiveRecords, openRecord, pseudonymOf, waitForRecords } from './audit-vault';
import { AnalyticsSqlFake } from './fakes/analytics-sql-fake';
import { startHarness, type Harness, type LimiterName } from './harness';

jest.setTimeout(60_000);

const avery = DEMO_USERS.avery;
const AE_ACCOUNT_ID = 'fedcba9876543210fedcba9876543210';
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, 'ae-token-platform-faults', 'voipcom_dial_events');
let h: Harness;
let session: string;

beforeAll(async () => {
  await sql.start();
  // An access token always due for refresh (the Worker refreshes 60 s early): every request rewrites its session key.
  h = await startHarness({ platformFaults: true, vars: sql.vars, simulator: { accessTokenLifetimeSeconds: 60 } });
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sql.stop();
});
afterEach(() => {
  h.setPlatformFaults({});
});

/** The answer to a platform fault: 503, the JSON error shape, code service_unavailable and a Retry-After in seconds. */
async function expectServiceUnavailable(response: Awaited<ReturnType<Harness['fetch']>>): Promise<void> {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0);
  const { error } = ErrorBodySchema.parse(await response.json());
  expect(error.code).toBe('service_unavailable');
  expect(error.message).toMatch(/try again/i);
}

function dial(destination: string) {
  return h.fetch('/v1/calls', { method: 'POST', session, json: { destination } });
}

/** Calls the simulator has recorded to `destination` (E.164 digits without + as call-term-user). */
function callsTo(destination: string): number {
  return h.simulator.calls().filter((call) => call.request['call-term-user'] === destination.slice(1)).length;
}

async function archivedDestinations(): Promise<{ destination: string; placed: boolean }[]> {
  const kv = await h.kv('AUDIT_ARCHIVE');
  const opened = await Promise.all(archiveRecords(await h.dumpKv('AUDIT_ARCHIVE')).map((record) => openRecord(kv, h.auditKeys, record)));
  return opened.flatMap((dial) => (dial === null ? [] : [{ destination: dial.destination, placed: dial.placed }]));
}

test('KV unavailable when the session is read: 503 with Retry-After, no call; the retry places it once', async () => {
  h.setPlatformFaults({ kv: [{ binding: 'SESSIONS', ops: ['get'], status: 503, times: 1 }] });
  await expectServiceUnavailable(await dial('+14805550301'));
  expect(h.injectedFaults().kv).toEqual([{ binding: 'SESSIONS', op: 'get', status: 503 }]);
  expect(callsTo('+14805550301')).toBe(0);

  const retried = await dial('+14805550301');
  expect(retried.status).toBe(202);
  expect(callsTo('+14805550301')).toBe(1);
});

test('KV unavailable for the audit trail: the dial is refused with 503 before the PBX is asked, so no dial goes unaudited', async () => {
  h.setPlatformFaults({ kv: [{ binding: 'AUDIT_ARCHIVE', ops: ['get'], status: 503, times: 2 }] });
  await expectServiceUnavailable(await dial('+14805550302'));
  // Both the key read before the call and the refusal's own audit attempt met the outage.
  expect(h.injectedFaults().kv).toEqual([
    { binding: 'AUDIT_ARCHIVE', op: 'get', status: 503 },
    { binding: 'AUDIT_ARCHIVE', op: 'get', status: 503 },
  ]);
  expect(callsTo('+14805550302')).toBe(0);

  h.setPlatformFaults({});
  h.clearAuditPoints();
  expect((await dial('+14805550302')).status).toBe(202);
  expect(callsTo('+14805550302')).toBe(1);
  await h.waitForAuditPoints(1);
  await waitForRecords(async () => (await h.dumpKv('AUDIT_ARCHIVE')).filter(() => true), 1);
  expect(await archivedDestinations()).toContainEqual({ destination: '+14805550302', placed: true });
});

test('Cloudflare’s 429 for writes to one key faster than once a second (back-to-back token refreshes): waited out, each call placed once', async () => {
  h.setPlatformFaults({ kvWriteRateLimit: true });
  const answers = [await dial('+14805550303'), await dial('+14805550304')];
  // The fault fired: a session write within a second of the last one was refused, and the Worker wrote again later.
  expect(h.injectedFaults().kv).toContainEqual({ binding: 'SESSIONS', op: 'put', status: 429 });
  expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
  expect([callsTo('+14805550303'), callsTo('+14805550304')]).toEqual([1, 1]);
});

test('KV unavailable for the session write of a token refresh: 503 with Retry-After, no call', async () => {
  h.setPlatformFaults({ kv: [{ binding: 'SESSIONS', ops: ['put'], status: 503, times: 4 }] });
  await expectServiceUnavailable(await dial('+14805550309'));
  expect(h.injectedFaults().kv.filter((fault) => fault.op === 'put').length).toBeGreaterThanOrEqual(2);
  expect(callsTo('+14805550309')).toBe(0);
  // Tokens the PBX issued and KV did not keep are lost (refresh tokens rotate): such a session ends, sign in again.
  h.setPlatformFaults({});
  session = await h.signIn();
});

test('Cloudflare’s 429 on the audit record write: the dial is placed once, and the record is written on the second try', async () => {
  h.setPlatformFaults({ kv: [{ binding: 'AUDIT_ARCHIVE', ops: ['put'], status: 429, times: 1 }] });
  const before = (await archivedDestinations()).length;
  const placed = await dial('+14805550305');
  expect(placed.status).toBe(202);
  expect(PlaceCallResponseSchema.parse(await placed.json()).destination).toBe('+14805550305');
  expect(callsTo('+14805550305')).toBe(1);
  await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), before + 1);
  expect(h.injectedFaults().kv).toEqual([{ binding: 'AUDIT_ARCHIVE', op: 'put', status: 429 }]);
  expect(await archivedDestinations()).toContainEqual({ destination: '+14805550305', placed: true });
});

test('the archive write failing for good: the dial is placed once, its data point went out, and the nightly check copies it into the archive', async () => {
  h.clearAuditPoints();
  h.setPlatformFaults({ kv: [{ binding: 'AUDIT_ARCHIVE', ops: ['put'], status: 503, times: 2 }] });
  expect((await dial('+14805550306')).status).toBe(202);
  expect(callsTo('+14805550306')).toBe(1);
  const [point] = await h.waitForAuditPoints(1);
  // Both tries of the archive write failed: the record is missing, the data point is its only copy.
  for (let waited = 0; h.injectedFaults().kv.length < 2 && waited < 10_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(h.injectedFaults().kv).toHaveLength(2);
  expect(await archivedDestinations()).not.toContainEqual({ destination: '+14805550306', placed: true });

  // The documented recovery: the nightly check finds the point in Analytics Engine and writes the record.
  h.setPlatformFaults({});
  sql.write(point, new Date((point.doubles?.[0] ?? 0) + 1_000));
  await (await h.kv('AUDIT_ARCHIVE')).delete('export:progress');
  const today = new Date().toISOString().slice(0, 10);
  await h.dispatchScheduled('30 2 * * *', new Date(Date.parse(`${today}T02:30:00Z`) + 86_400_000));
  expect(await archivedDestinations()).toContainEqual({ destination: '+14805550306', placed: true });
});

test('Analytics Engine’s writeDataPoint throwing: the dial is placed once and answered 202, and the archive record is written', async () => {
  await h.reconfigure({ analyticsThrows: true });
  h.clearAuditPoints();
  const placed = await dial('+14805550307');
  expect(placed.status).toBe(202);
  expect(callsTo('+14805550307')).toBe(1);
  for (let waited = 0; !(await archivedDestinations()).some((d) => d.destination === '+14805550307') && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await archivedDestinations()).toContainEqual({ destination: '+14805550307', placed: true });
  // The binding really threw: no point arrived.
  expect(h.auditPoints()).toEqual([]);
  await h.reconfigure({ analyticsThrows: false });
});

const LIMITED: [string, LimiterName, () => Promise<Awaited<ReturnType<Harness['fetch']>>>][] = [
  ['every request’s (per IP)', 'REQUEST_IP_LIMITER', () => h.fetch('/v1/devices', { session })],
  [
    'the sign-in’s (per IP)',
    'SIGNIN_IP_LIMITER',
    () => h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } }),
  ],
  ['the dial’s (per session)', 'DIAL_LIMITER', () => dial('+14805550308')],
  ['the dial’s (per account)', 'ACCOUNT_DIAL_LIMITER', () => dial('+14805550308')],
];

test.each(LIMITED)(
  'a failing rate-limit binding, %s: 503 with Retry-After, and the limit is not waived (no call)',
  async (_name, limiter, request) => {
    h.setPlatformFaults({ failingLimiters: [limiter] });
    await expectServiceUnavailable(await request());
    expect(h.injectedFaults().limiters).toEqual([limiter]);
    expect(callsTo('+14805550308')).toBe(0);
  },
);

test('the refused dial of a failing limiter is audited as not placed', async () => {
  const pseudonym = pseudonymOf(h.auditKeys, avery.uid);
  expect(pseudonym.length).toBeGreaterThan(0);
  expect(await archivedDestinations()).toContainEqual({ destination: '+14805550308', placed: false });
});
