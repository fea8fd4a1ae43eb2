/** The dial audit trail end to end: what it records, what a record holds, how long the archive keeps it, and that a purge erases an account. */
import { PurgeResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../../simulator/src/index';
import { archiveRecords, openPoint, openRecord, pseudonymOf, waitForRecords, type OpenedDial } from '../audit-vault';
import { AccessTeamFake } from '../fakes/access-jwks-fake';
import { AnalyticsSqlFake } from '../fakes/analytics-sql-fake';
import { startHarness, type DataPoint, type Harness } from '../harness';
import { openSession, sessionKvKey, sha256Hex } from '../session-vault';
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

const access = new AccessTeamFake(AUDIENCE);
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;
let averySession: string;
let blakeSession: string;
let points: DataPoint[];
let opened: OpenedDial[];
let dialWindow: { from: number; to: number };
/** The archive record deleted before the nightly check. */
let lostRecord: string;

const { send, signIn } = identifiedClient(() => h, { userAgent: USER_AGENT, ip: CLIENT_IP });

/** The cron as it fires tomorrow at 02:30 UTC, so today's dials are a finished day. */
async function checkToday(): Promise<void> {
  await (await h.kv('AUDIT_ARCHIVE')).delete('export:progress');
  const today = new Date().toISOString().slice(0, 10);
  await h.dispatchScheduled('30 2 * * *', new Date(Date.parse(`${today}T02:30:00Z`) + DAY_SECONDS * 1000));
}

beforeAll(async () => {
  await Promise.all([access.start(), sql.start()]);
  h = await startHarness({
    vars: { ...access.vars, ...sql.vars },
  });
  averySession = await signIn({ username: avery.username, password: avery.password });
  blakeSession = await signIn({ username: blake.username, password: blake.password, passcode: blake.mfaPasscode });

  // Every way a dial can end: placed, not a number, a malformed body, a refused number type, the PBX failing.
  const from = Date.now();
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550111' } })).status).toBe(202);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '12' } })).status).toBe(400);
  const malformed = await send('/v1/calls', {
    method: 'POST',
    session: averySession,
    headers: { 'Content-Type': 'application/json' },
    body: '{"destination":',
  });
  expect(malformed.status).toBe(400);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+19005550123' } })).status).toBe(403);
  h.simulator.setFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/domains', times: 1 });
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550112' } })).status).toBe(502);
  expect((await send('/v1/calls', { method: 'POST', session: blakeSession, json: { destination: '+14805550211' } })).status).toBe(202);
  points = await h.waitForAuditPoints(6);
  dialWindow = { from, to: Date.now() };
  await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 6);
  const kv = await h.kv('AUDIT_ARCHIVE');
  opened = (await Promise.all(points.map((point) => openPoint(kv, h.auditKeys, point)))).filter(
    (dial): dial is OpenedDial => dial !== null,
  );

  // One record lost at dial time (its archive write failed): the nightly check must find it in Analytics Engine.
  const records = archiveRecords(await h.dumpKv('AUDIT_ARCHIVE'));
  lostRecord = records[0].name;
  await kv.delete(lostRecord);
  expect(archiveRecords(await h.dumpKv('AUDIT_ARCHIVE')).map((record) => record.name)).not.toContain(lostRecord);

  // Analytics Engine as the SQL API would serve it, then the nightly check.
  for (const point of points) sql.write(point, new Date((point.doubles?.[0] ?? 0) + 1_000));
  await checkToday();
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([access.stop(), sql.stop()]);
});

test('[policy: maintain an internal audit record of dials] every dial, placed or refused, is in the archive and the nightly check found it in Analytics Engine too: a record deleted before the check is back', async () => {
  expect(opened).toHaveLength(6);
  const kv = await h.kv('AUDIT_ARCHIVE');
  const records = archiveRecords(await h.dumpKv('AUDIT_ARCHIVE'));
  expect(records.map((record) => record.name)).toContain(lostRecord);
  const archived = await Promise.all(records.map((record) => openRecord(kv, h.auditKeys, record)));
  expect(archived).toEqual(opened);
  const progress = JSON.parse((await kv.get('export:progress', 'text'))!) as { watermark: string; open: unknown[] };
  expect(progress).toMatchObject({ watermark: new Date().toISOString().slice(0, 10), open: [] });
});

test('[policy: audit rows hold only the listed fields] each dial writes a pseudonym, a dial id, its sealed content and its time: opened, destination, outcome and error message, nothing else', () => {
  expect(points).toHaveLength(6);
  for (const point of points) {
    expect(Object.keys(point).sort()).toEqual(['blobs', 'doubles', 'indexes']);
    expect(point.indexes).toHaveLength(1);
    expect(point.blobs).toHaveLength(2);
    expect(point.doubles).toHaveLength(1);
    expect(point.doubles![0]).toBeGreaterThanOrEqual(dialWindow.from);
    expect(point.doubles![0]).toBeLessThanOrEqual(dialWindow.to);
  }
  expect(opened.map((dial) => Object.keys(dial).sort())).toEqual(
    opened.map(() => ['at', 'destination', 'dialId', 'error', 'placed', 'pseudonym']),
  );
  const summary = opened.map((dial) => [dial.pseudonym, dial.destination, dial.placed, dial.error === '' ? '' : 'error']);
  expect(summary).toEqual([
    [pseudonymOf(h.auditKeys, avery.uid), '+14805550111', true, ''],
    [pseudonymOf(h.auditKeys, avery.uid), '', false, 'error'],
    [pseudonymOf(h.auditKeys, avery.uid), '', false, 'error'],
    [pseudonymOf(h.auditKeys, avery.uid), '+19005550123', false, 'error'],
    [pseudonymOf(h.auditKeys, avery.uid), '+14805550112', false, 'error'],
    [pseudonymOf(h.auditKeys, blake.uid), '+14805550211', true, ''],
  ]);
});

test('[policy: audit rows hold only the listed fields] no uid, IP address, user agent, session id or token in any data point, sealed content or archive record', async () => {
  const kv = await h.kv('SESSIONS');
  const tokens = await Promise.all(
    [averySession, blakeSession].map(async (session) => {
      const { record } = openSession(h.sessionKeys, sessionKvKey(session), (await kv.get(sessionKvKey(session), 'text')) ?? '');
      return [record.accessToken, record.refreshToken];
    }),
  );
  const text = JSON.stringify([points, opened, await h.dumpKv('AUDIT_ARCHIVE')]);
  for (const forbidden of [
    avery.uid,
    blake.uid,
    CLIENT_IP,
    USER_AGENT,
    'PrivacyProbe',
    averySession,
    blakeSession,
    avery.password,
    blake.password,
    ...tokens.flat(),
  ]) {
    expect(text).not.toContain(forbidden);
  }
  // Nor any audit key in clear: the account keys in KV are wrapped.
  for (const key of Object.values(h.auditKeys.keys)) expect(text).not.toContain(key);
  // The destination is readable only by opening the sealed content.
  expect(JSON.stringify([points, await h.dumpKv('AUDIT_ARCHIVE')])).not.toContain('4805550111');
});

test('[policy: audit records deleted after 12 months] every archive record expires at most 365 days after its dial', async () => {
  const records = archiveRecords(await h.dumpKv('AUDIT_ARCHIVE'));
  expect(records).toHaveLength(6);
  for (const record of records) {
    const dialSeconds = (record.metadata as { at: number }).at / 1000;
    expect(record.expiration).toBeDefined();
    expect(record.expiration!).toBeLessThanOrEqual(dialSeconds + 365 * DAY_SECONDS);
    // ...and not much sooner: the dial's UTC day plus 365 days.
    expect(record.expiration!).toBeGreaterThan(dialSeconds + 364 * DAY_SECONDS);
    expect(Object.keys(record.metadata as object).sort()).toEqual(['at', 's']);
  }
});

test('[policy: deletion on request] a purge leaves no session, index entry, audit key or readable dial of the account', async () => {
  const response = await h.fetch('/v1/admin/purge', {
    method: 'POST',
    json: { uid: avery.uid },
    headers: { 'Cf-Access-Jwt-Assertion': access.token() },
  });
  expect(response.status).toBe(200);
  const counts = PurgeResponseSchema.parse(await response.json());
  expect(counts.sessionsDeleted).toBe(1);
  expect(counts.auditRecordsDeleted).toBe(5);

  const pseudonym = pseudonymOf(h.auditKeys, avery.uid);
  const accountHash = sha256Hex(avery.uid.toLowerCase());
  const dump = [...(await h.dumpKv('SESSIONS')), ...(await h.dumpKv('AUDIT_ARCHIVE'))];
  // Only the tombstone names the account (by pseudonym, with the purge time) so no later run copies it back.
  const mentions = dump.filter((entry) => JSON.stringify(entry).includes(pseudonym) || JSON.stringify(entry).includes(accountHash));
  expect(mentions.map((entry) => entry.name)).toEqual([`purged:${pseudonym}`]);
  expect((await h.fetch('/v1/session', { session: averySession })).status).toBe(401);
  // Analytics Engine still holds the data points (it cannot delete them); nobody can open them.
  const kv = await h.kv('AUDIT_ARCHIVE');
  expect(sql.storedRows().filter((row) => row.index1 === pseudonym)).toHaveLength(5);
  for (const point of points.slice(0, 5)) expect(await openPoint(kv, h.auditKeys, point)).toBeNull();
  // The other account is untouched.
  expect((await h.fetch('/v1/session', { session: blakeSession })).status).toBe(200);
  expect(await openPoint(kv, h.auditKeys, points[5])).toMatchObject({ destination: '+14805550211' });
});

test('[policy: deletion on request] the nightly check does not bring back a purged account from Analytics Engine', async () => {
  await checkToday();
  const names = archiveRecords(await h.dumpKv('AUDIT_ARCHIVE')).map((entry) => entry.name.split(':')[2]);
  expect(names).toEqual([pseudonymOf(h.auditKeys, blake.uid)]);
});
