/** POST /v1/admin/audit-records in workerd: staff behind Cloudflare Access read one account's sealed archive, and every read is logged. */
import { randomBytes } from 'node:crypto';
import { AuditRecordsResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { pseudonymOf, waitForRecords } from './audit-vault';
import { AccessTeamFake } from './fakes/access-jwks-fake';
import { startHarness, type Harness } from './harness';
import { captureWorkerLogs, type WorkerLogs } from './privacy/support/worker-logs';

jest.setTimeout(60_000);

const AUDIENCE = 'c2d-audit-records-audience';
const PATH = '/v1/admin/audit-records';
const DAY_MS = 86_400_000;
const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
const today = new Date().toISOString().slice(0, 10);
const dayOffset = (offset: number): string => new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);

const access = new AccessTeamFake(AUDIENCE);
let h: Harness;
let logs: WorkerLogs;

function read(json: unknown, token: string | null = access.token()) {
  return h.fetch(PATH, { method: 'POST', json, headers: token === null ? {} : { 'Cf-Access-Jwt-Assertion': token } });
}

beforeAll(async () => {
  await access.start();
  logs = captureWorkerLogs();
  h = await startHarness({ vars: access.vars });
  const averySession = await h.signIn(avery);
  const blakeSession = await h.signIn(blake);
  for (const destination of ['+14805550101', '12'])
    await (await h.fetch('/v1/calls', { method: 'POST', session: averySession, json: { destination } })).arrayBuffer();
  await (await h.fetch('/v1/calls', { method: 'POST', session: blakeSession, json: { destination: '+14805550201' } })).arrayBuffer();
  await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 3);
}, 120_000);

afterAll(async () => {
  logs?.restore();
  await h?.close();
  await access.stop();
});

test('only through Cloudflare Access: without a token, 401 unauthorized', async () => {
  const response = await read({ uid: avery.uid }, null);
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
});

test('[policy: maintain an internal audit record of dials] staff read an account’s dials in clear: destination, time, placed, error; another account’s stay out; the read is logged with the caller', async () => {
  const mark = logs.lines().length;
  const response = await read({ uid: avery.uid.toUpperCase() });
  expect(response.status).toBe(200);
  const body = AuditRecordsResponseSchema.parse(await response.json());
  expect(body).toMatchObject({ from: dayOffset(-6), to: today, unreadable: 0 });
  expect(body.dials.map(({ destination, placed, error }) => [destination, placed, error === null ? null : 'error'])).toEqual([
    ['+14805550101', true, null],
    ['', false, 'error'],
  ]);
  for (
    let waited = 0;
    !logs
      .lines()
      .slice(mark)
      .some((line) => line.includes('audit_records_read'));
    waited += 50
  ) {
    if (waited > 10_000) throw new Error('no audit_records_read line');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const line = logs
    .lines()
    .slice(mark)
    .find((each) => each.includes('audit_records_read'))!;
  expect(line).toContain('support@voipcom.network');
  expect(line).not.toContain(avery.uid);
});

test('a range is at most 31 days, from before to; an empty range is empty', async () => {
  const backwards = await read({ uid: avery.uid, from: today, to: dayOffset(-1) });
  expect(backwards.status).toBe(400);
  expect(await backwards.json()).toMatchObject({ error: { code: 'invalid_request' } });
  expect((await read({ uid: avery.uid, from: dayOffset(-31), to: today })).status).toBe(400);
  const past = AuditRecordsResponseSchema.parse(await (await read({ uid: avery.uid, from: dayOffset(-40), to: dayOffset(-10) })).json());
  expect(past.dials).toEqual([]);
});

test('[policy: deletion on request] a record whose account key is gone is counted as unreadable, never shown', async () => {
  // A record left behind by a dial that raced a purge: its key no longer exists.
  const pseudonym = pseudonymOf(h.auditKeys, blake.uid);
  const at = Date.now();
  const sealed = `s1.${randomBytes(16).toString('base64url')}.${randomBytes(12).toString('base64url')}.${randomBytes(40).toString('base64url')}`;
  await (
    await h.kv('AUDIT_ARCHIVE')
  ).put(`audit:${today}:${pseudonym}:${randomBytes(16).toString('base64url')}`, '', { metadata: { at, s: sealed } });
  const body = AuditRecordsResponseSchema.parse(await (await read({ uid: blake.uid })).json());
  expect(body.dials.map(({ destination }) => destination)).toEqual(['+14805550201']);
  expect(body.unreadable).toBe(1);
});
