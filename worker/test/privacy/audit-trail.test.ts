/** The dial audit trail end to end: what a data point holds, how long the archive keeps it, and that a purge erases an account. */
import { createHash } from 'node:crypto';
import { PurgeResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../../simulator/src/index';
import { AccessTeamFake } from '../fakes/access-jwks-fake';
import { AnalyticsSqlFake, rowFromDataPoint } from '../fakes/analytics-sql-fake';
import { startHarness, type DataPoint, type Harness } from '../harness';
import { openSession, sessionKvKey } from '../session-vault';
import { identifiedClient } from './support/identified-client';

jest.setTimeout(60_000);

const AE_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
const AE_TOKEN = 'ae-token-privacy-suite';
const DATASET = 'voipcom_dial_events';
const AUDIENCE = 'c2d-privacy-suite-audience';
const USER_AGENT = 'PrivacyProbe/7.7 (ua-marker-a3d9)';
const CLIENT_IP = '198.51.100.78';
const DAY_SECONDS = 86_400;

const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

const access = new AccessTeamFake(AUDIENCE);
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;
let averySession: string;
let blakeSession: string;
let points: DataPoint[];
let dialWindow: { from: number; to: number };

const { send, signIn } = identifiedClient(() => h, { userAgent: USER_AGENT, ip: CLIENT_IP });

/** The cron as it fires tomorrow at 02:30 UTC, so today's dials are a finished day. */
async function exportToday(): Promise<void> {
  await (await h.kv('AUDIT_ARCHIVE')).delete('export:watermark');
  const today = new Date().toISOString().slice(0, 10);
  await h.dispatchScheduled('30 2 * * *', new Date(Date.parse(`${today}T02:30:00Z`) + DAY_SECONDS * 1000));
}

beforeAll(async () => {
  await Promise.all([access.start(), sql.start()]);
  h = await startHarness({
    vars: {
      ACCESS_TEAM_DOMAIN: access.teamDomain,
      ACCESS_AUD: AUDIENCE,
      AE_ACCOUNT_ID,
      AE_SQL_ENDPOINT: sql.endpoint,
      AE_DATASET: DATASET,
      AE_API_TOKEN: AE_TOKEN,
    },
  });
  averySession = await signIn({ username: avery.username, password: avery.password });
  blakeSession = await signIn({ username: blake.username, password: blake.password, passcode: blake.mfaPasscode });

  // Every way a dial can end: placed, not a number, a malformed body, a refused number type, the PBX failing.
  const from = Date.now();
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550111' } })).status).toBe(202);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '12' } })).status).toBe(400);
  const malformed = await send('/v1/calls', { method: 'POST', session: averySession, headers: { 'Content-Type': 'application/json' }, body: '{"destination":' });
  expect(malformed.status).toBe(400);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+19005550123' } })).status).toBe(403);
  h.simulator.setFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/domains', times: 1 });
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550112' } })).status).toBe(502);
  expect((await send('/v1/calls', { method: 'POST', session: blakeSession, json: { destination: '+14805550211' } })).status).toBe(202);
  points = await h.waitForAuditPoints(6);
  dialWindow = { from, to: Date.now() };

  // Analytics Engine as the SQL API would serve it, then the nightly export into the archive.
  sql.seed(points.map((point) => rowFromDataPoint(point, new Date(Math.floor((point.doubles?.[1] ?? 0) / 1000) * 1000))));
  await exportToday();
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([access.stop(), sql.stop()]);
});

test('[policy: audit rows hold only the listed fields] each dial writes uid index, destination, error message, placed and time: nothing else', () => {
  expect(points).toHaveLength(6);
  for (const point of points) {
    expect(Object.keys(point).sort()).toEqual(['blobs', 'doubles', 'indexes']);
    expect(point.indexes).toHaveLength(1);
    expect(point.blobs).toHaveLength(2);
    expect(point.doubles).toHaveLength(2);
    expect([0, 1]).toContain(point.doubles![0]);
    expect(point.doubles![1]).toBeGreaterThanOrEqual(dialWindow.from);
    expect(point.doubles![1]).toBeLessThanOrEqual(dialWindow.to);
  }
  const summary = points.map((point) => [point.indexes![0], point.blobs![0], point.doubles![0], point.blobs![1] === '' ? '' : 'error']);
  expect(summary).toEqual([
    [avery.uid, '+14805550111', 1, ''],
    [avery.uid, '', 0, 'error'],
    [avery.uid, '', 0, 'error'],
    [avery.uid, '+19005550123', 0, 'error'],
    [avery.uid, '+14805550112', 0, 'error'],
    [blake.uid, '+14805550211', 1, ''],
  ]);
});

test('[policy: audit rows hold only the listed fields] no IP address, user agent, session id or token in any data point', async () => {
  const text = JSON.stringify(points);
  const kv = await h.kv('SESSIONS');
  const tokens = await Promise.all(
    [averySession, blakeSession].map(async (session) => {
      const { record } = openSession(h.sessionKeys, sessionKvKey(session), (await kv.get(sessionKvKey(session), 'text')) ?? '');
      return [record.accessToken, record.refreshToken];
    }),
  );
  for (const forbidden of [CLIENT_IP, USER_AGENT, 'PrivacyProbe', averySession, blakeSession, avery.password, blake.password, ...tokens.flat()]) {
    expect(text).not.toContain(forbidden);
  }
});

test('[policy: audit records deleted after 12 months] every archived entry expires at most 365 days after its dials and holds only their listed fields', async () => {
  const entries = (await h.dumpKv('AUDIT_ARCHIVE')).filter((entry) => entry.name.startsWith('audit:'));
  expect(entries.map((entry) => entry.name).sort()).toEqual(
    [hash(avery.uid), hash(blake.uid)].map((account) => `audit:${account}:${new Date().toISOString().slice(0, 10)}`).sort(),
  );
  for (const entry of entries) {
    const dials = JSON.parse(entry.value) as Record<string, unknown>[];
    expect(dials.length).toBeGreaterThan(0);
    for (const dial of dials) {
      expect(Object.keys(dial).sort()).toEqual(['at', 'destination', 'error', 'placed']);
      const dialSeconds = Date.parse(String(dial['at'])) / 1000;
      expect(entry.expiration).toBeDefined();
      expect(entry.expiration!).toBeLessThanOrEqual(dialSeconds + 365 * DAY_SECONDS);
      // ...and not much sooner: the dial's UTC day plus 365 days.
      expect(entry.expiration!).toBeGreaterThan(dialSeconds + 364 * DAY_SECONDS);
    }
  }
  expect(JSON.stringify(entries)).not.toContain(avery.uid);
});

test('[policy: deletion on request] a purge leaves no session, index entry or archived dial of the account in KV', async () => {
  const response = await h.fetch('/v1/admin/purge', {
    method: 'POST',
    json: { uid: avery.uid },
    headers: { 'Cf-Access-Jwt-Assertion': access.token() },
  });
  expect(response.status).toBe(200);
  const counts = PurgeResponseSchema.parse(await response.json());
  expect(counts.sessionsDeleted).toBe(1);
  expect(counts.auditRecordsDeleted).toBe(5);

  const dump = [...(await h.dumpKv('SESSIONS')), ...(await h.dumpKv('AUDIT_ARCHIVE'))];
  const averyHash = hash(avery.uid);
  // Only the tombstone names the account (by hash, with the purge time) so the export does not archive it again.
  const mentions = dump.filter((entry) => entry.name.includes(averyHash) || entry.value.includes(averyHash) || entry.value.includes(avery.uid));
  expect(mentions.map((entry) => entry.name)).toEqual([`purged:${averyHash}`]);
  expect(dump.some((entry) => entry.name === `session:${hash(averySession)}`)).toBe(false);
  expect((await h.fetch('/v1/session', { session: averySession })).status).toBe(401);
  // The other account is untouched.
  expect((await h.fetch('/v1/session', { session: blakeSession })).status).toBe(200);
  expect(dump.some((entry) => entry.name.startsWith(`audit:${hash(blake.uid)}:`))).toBe(true);
});

test('[policy: deletion on request] the nightly export does not bring back a purged account from Analytics Engine', async () => {
  await exportToday();
  const names = (await h.dumpKv('AUDIT_ARCHIVE')).map((entry) => entry.name);
  expect(names.filter((name) => name.startsWith(`audit:${hash(avery.uid)}:`))).toEqual([]);
  expect(names.filter((name) => name.startsWith(`audit:${hash(blake.uid)}:`))).toHaveLength(1);
});
