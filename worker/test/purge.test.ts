/** POST /v1/admin/purge in workerd: Cloudflare Access JWT checks, then an account's audit keys, sessions and archive are gone. */
import { randomBytes } from 'node:crypto';
import { PurgeResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { archiveRecords, openPoint, pseudonymOf, waitForRecords } from './audit-vault';
import { AccessTeamFake, newSigningKey, signJwt } from './fakes/access-jwks-fake';
import { AnalyticsSqlFake, type DataPointInput } from './fakes/analytics-sql-fake';
import { startHarness, type Harness } from './harness';
import { sha256Hex } from './session-vault';

jest.setTimeout(60_000);

const CRON = '30 2 * * *';
const AE_ACCOUNT_ID = 'fedcba9876543210fedcba9876543210';
const AE_TOKEN = 'ae-token-for-purge-tests';
const DATASET = 'voipcom_dial_events';
const AUDIENCE = 'c2d-admin-audience-tag';
const PURGE = '/v1/admin/purge';
const DAY_MS = 86_400_000;

const access = new AccessTeamFake(AUDIENCE);
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;

const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
const today = new Date().toISOString().slice(0, 10);
/** The cron "tomorrow" at 02:30 UTC, and the nights after. */
const night = (offset = 1): Date => new Date(Date.parse(`${today}T02:30:00Z`) + offset * DAY_MS);

async function sessionStatus(session: string): Promise<number> {
  return (await h.fetch('/v1/session', { session })).status;
}

/** The account's archive records (every day), keys and everything else naming its pseudonym. */
async function traces(uid: string): Promise<{ records: string[]; keys: string[] }> {
  const pseudonym = pseudonymOf(h.auditKeys, uid);
  const names = (await h.dumpKv('AUDIT_ARCHIVE')).map((entry) => entry.name);
  return {
    records: names.filter((name) => name.startsWith('audit:') && name.split(':')[2] === pseudonym),
    keys: names.filter((name) => name.startsWith(`auditkey:${pseudonym}`)),
  };
}

function purge(token: string | null, json: unknown = { uid: avery.uid }) {
  return h.fetch(PURGE, { method: 'POST', json, headers: token === null ? {} : { 'Cf-Access-Jwt-Assertion': token } });
}

async function errorCode(response: { json(): Promise<unknown> }): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Dials through the Worker; its data points go to Analytics Engine as the runtime would send them. */
async function dialAndPublish(session: string, destinations: string[]): Promise<DataPointInput[]> {
  const before = h.auditPoints().length;
  for (const destination of destinations) {
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination } });
    expect(response.status).toBe(202);
  }
  const points = (await h.waitForAuditPoints(before + destinations.length)).slice(before);
  for (const point of points) sql.write(point, new Date((point.doubles?.[0] ?? 0) + 1_000));
  return points;
}

async function runNight(offset = 1): Promise<void> {
  await h.dispatchScheduled(CRON, night(offset));
}

let averySessions: string[];
let blakeSession: string;
let averyPoints: DataPointInput[];
let blakePoints: DataPointInput[];

beforeAll(async () => {
  await Promise.all([access.start(), sql.start()]);
  h = await startHarness({
    vars: { ...access.vars, ...sql.vars },
  });
  averySessions = [await h.signIn(avery), await h.signIn(avery)];
  blakeSession = await h.signIn(blake);
  averyPoints = await dialAndPublish(averySessions[0], ['+14805550101', '+14805550102', '+14805550103']);
  blakePoints = await dialAndPublish(blakeSession, ['+14805550201']);
  await waitForRecords(() => h.dumpKv('AUDIT_ARCHIVE'), 4);
  // A dial of Avery's 40 days ago, archived then, so the purge has more than one day to find.
  const pseudonym = pseudonymOf(h.auditKeys, avery.uid);
  const at = Date.now() - 40 * DAY_MS;
  const sealed = `s1.${randomBytes(16).toString('base64url')}.${randomBytes(12).toString('base64url')}.${randomBytes(40).toString('base64url')}`;
  await (
    await h.kv('AUDIT_ARCHIVE')
  ).put(`audit:${new Date(at).toISOString().slice(0, 10)}:${pseudonym}:${randomBytes(16).toString('base64url')}`, '', {
    metadata: { at, s: sealed },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([access.stop(), sql.stop()]);
});

describe('refused before anything is deleted', () => {
  afterEach(async () => {
    const left = await traces(avery.uid);
    // Four dials, and the account's key under its own name and as the current key.
    expect(left.records).toHaveLength(4);
    expect(left.keys).toHaveLength(2);
    expect(await sessionStatus(averySessions[0])).toBe(200);
  });

  test('without a token: 401 unauthorized', async () => {
    const response = await purge(null);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthorized');
  });

  test('signed by a key Access does not publish (same kid): 403 forbidden', async () => {
    const impostor = newSigningKey(access.published[0].kid);
    const response = await purge(signJwt(impostor, access.claims()));
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  test('expired: 403 forbidden', async () => {
    const past = Math.floor(Date.now() / 1000) - 3_600;
    const response = await purge(access.token({ iat: past - 600, nbf: past - 600, exp: past }));
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  test('without exp (a token that would never expire): 403 forbidden', async () => {
    // Signed by the published key, right issuer and audience: only the missing expiry is wrong.
    const response = await purge(access.token({ exp: undefined }));
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  test('for another Access application (audience): 403 forbidden', async () => {
    const response = await purge(access.token({ aud: ['some-other-app'] }));
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  test('from another issuer: 403 forbidden', async () => {
    const response = await purge(access.token({ iss: 'https://someone-else.cloudflareaccess.com' }));
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  test('not a JWT, or unsigned (alg none): 403 forbidden', async () => {
    expect((await purge('not-a-jwt')).status).toBe(403);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(access.claims())).toString('base64url')}.`;
    expect((await purge(unsigned)).status).toBe(403);
  });

  test('Access keys unreachable: 502 upstream_error, not a 500', async () => {
    const vars = h.vars;
    // Nothing listens on the discard port: fetching the certs fails.
    await h.reconfigure({ vars: { ...vars, ACCESS_TEAM_DOMAIN: 'http://127.0.0.1:9' } });
    try {
      const response = await purge(access.token({ iss: 'http://127.0.0.1:9' }));
      expect(response.status).toBe(502);
      expect(await errorCode(response)).toBe('upstream_error');
    } finally {
      await h.reconfigure({ vars });
    }
  }, 30_000);

  test('no Access audience or team domain configured: 503 admin_not_configured even with a token Access signed', async () => {
    const vars = h.vars;
    try {
      for (const unset of [{ ACCESS_AUD: '' }, { ACCESS_TEAM_DOMAIN: '' }] as Record<string, string>[]) {
        await h.reconfigure({ vars: { ...vars, ...unset } });
        const response = await purge(access.token());
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({
          error: {
            code: 'admin_not_configured',
            message: 'The admin API is not set up on this Worker: Cloudflare Access is not configured.',
          },
        });
      }
    } finally {
      await h.reconfigure({ vars });
    }
  }, 30_000);

  test('a valid token with a body that is not {uid}: 400 invalid_request', async () => {
    const response = await purge(access.token(), { user: avery.uid });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_request');
  });
});

describe('a valid purge', () => {
  test('[policy: deletion on request] deletes the account’s audit keys, sessions and archived dial records, reports the counts, leaves other accounts alone', async () => {
    const blakeBefore = await traces(blake.uid);
    expect(blakeBefore.records).toHaveLength(1);
    // The reader opens Avery's dials before the purge, so its null afterwards (next test) means the key is gone.
    const kv = await h.kv('AUDIT_ARCHIVE');
    const readable = await Promise.all(averyPoints.map((point) => openPoint(kv, h.auditKeys, point)));
    expect(readable.map((dial) => dial?.destination)).toEqual(['+14805550101', '+14805550102', '+14805550103']);

    const response = await purge(access.token());
    expect(response.status).toBe(200);
    expect(PurgeResponseSchema.parse(await response.json())).toEqual({ uid: avery.uid, sessionsDeleted: 2, auditRecordsDeleted: 4 });

    for (const session of averySessions) expect(await sessionStatus(session)).toBe(401);
    expect(await traces(avery.uid)).toEqual({ records: [], keys: [] });
    const sessionKeys = (await h.dumpKv('SESSIONS')).map((entry) => entry.name);
    expect(sessionKeys.some((name) => name.includes(sha256Hex(avery.uid.toLowerCase())))).toBe(false);

    expect(await sessionStatus(blakeSession)).toBe(200);
    expect(await traces(blake.uid)).toEqual(blakeBefore);
  });

  test('[policy: deletion on request] from the purge on, no dial of the account can be read, in Analytics Engine or the archive, though its data points are still stored', async () => {
    const kv = await h.kv('AUDIT_ARCHIVE');
    // Analytics Engine cannot delete: Avery's data points are all still there, and still answered...
    const stored = sql.storedRows().filter((row) => row.index1 === pseudonymOf(h.auditKeys, avery.uid));
    expect(stored).toHaveLength(3);
    const answer = sql.execute(`SELECT blob1, blob2 FROM ${DATASET} WHERE index1 = '${pseudonymOf(h.auditKeys, avery.uid)}'`);
    expect(answer.rows).toBe(3);
    // ...but without the account's key they are ciphertext nobody can open, Worker or staff.
    for (const point of averyPoints) expect(await openPoint(kv, h.auditKeys, point)).toBeNull();
    expect(JSON.stringify(sql.storedRows())).not.toContain('4805550101');
    // Blake's still open.
    expect((await openPoint(kv, h.auditKeys, blakePoints[0]))?.destination).toBe('+14805550201');
  });

  test('[policy: deletion on request] the next nightly check does not archive the purged account’s dials again', async () => {
    await runNight();
    expect((await traces(avery.uid)).records).toEqual([]);
    expect((await traces(blake.uid)).records).toHaveLength(1);
    // Only the tombstone names the account (by pseudonym), so that no later run copies its data points back.
    const mentions = (await h.dumpKv('AUDIT_ARCHIVE')).filter((entry) =>
      JSON.stringify(entry).includes(pseudonymOf(h.auditKeys, avery.uid)),
    );
    expect(mentions.map((entry) => entry.name)).toEqual([`purged:${pseudonymOf(h.auditKeys, avery.uid)}`]);
  });

  test('a second purge finds nothing left and says so', async () => {
    const response = await purge(access.token());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ uid: avery.uid, sessionsDeleted: 0, auditRecordsDeleted: 0 });
  });
});

describe('purges that do not fit one request, and purges racing the nightly check', () => {
  let counted: Harness;

  beforeAll(async () => {
    counted = await startHarness({
      countKvOps: true,
      vars: { ...access.vars, ...sql.vars },
    });
  }, 120_000);
  afterAll(async () => {
    await counted?.close();
  });
  beforeEach(() => {
    sql.clear();
  });

  function purgeOn(harness: Harness, uid: string) {
    return harness.fetch(PURGE, { method: 'POST', json: { uid }, headers: { 'Cf-Access-Jwt-Assertion': access.token() } });
  }

  function totalOps(harness: Harness): number {
    return (['SESSIONS', 'AUDIT_ARCHIVE'] as const).reduce((sum, binding) => {
      const ops = harness.kvOps(binding);
      return sum + ops.reads + ops.writes + ops.deletes + ops.lists;
    }, 0);
  }

  test('[policy: deletion on request] an account with 500 sessions: every call stays within one invocation’s 1,000 KV operations, answers 202 until done, then 200', async () => {
    const uid = 'crowd@x.test';
    const sessions = await counted.kv('SESSIONS');
    const accountHash = sha256Hex(uid);
    const ids = Array.from({ length: 500 }, () => sha256Hex(randomBytes(32).toString('base64url')));
    // Index entries and (opaque) session keys as sign-in writes them: the purge needs nothing else.
    for (const id of ids) {
      await sessions.put(`account:${accountHash}:${id}`, '', { expirationTtl: 86_400 });
      await sessions.put(`session:${id}`, 'x', { expirationTtl: 86_400 });
    }

    const answers: { status: number; sessionsDeleted: number; operations: number }[] = [];
    for (let call = 0; call < 5 && answers.at(-1)?.status !== 200; call++) {
      counted.resetKvOps();
      const response = await purgeOn(counted, uid);
      const body = PurgeResponseSchema.parse(await response.json());
      answers.push({ status: response.status, sessionsDeleted: body.sessionsDeleted, operations: totalOps(counted) });
    }
    expect(answers.map(({ status }) => status)).toEqual([202, 200]);
    expect(answers.reduce((sum, { sessionsDeleted }) => sum + sessionsDeleted, 0)).toBe(500);
    for (const { operations } of answers) expect(operations).toBeLessThanOrEqual(1_000);
    // Every session is gone, and each has its revocation marker (a refresh in flight cannot bring it back).
    const left = (await counted.dumpKv('SESSIONS')).map((entry) => entry.name);
    expect(left.filter((name) => name.startsWith('session:') || name.startsWith(`account:${accountHash}`))).toEqual([]);
    expect(left.filter((name) => name.startsWith('revoked:'))).toHaveLength(500);
  }, 120_000);

  test('[policy: deletion on request] a purge and a nightly check at the same moment leave nothing of the account once the next night has run', async () => {
    const uid = avery.uid;
    const session = await (async () => {
      const response = await counted.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
      return ((await response.json()) as { session: string }).session;
    })();
    // Avery's dials reach Analytics Engine but, this time, not the archive: the check will copy them in.
    const before = counted.auditPoints().length;
    for (const destination of ['+14805550111', '+14805550112'])
      await (await counted.fetch('/v1/calls', { method: 'POST', session, json: { destination } })).arrayBuffer();
    const points = (await counted.waitForAuditPoints(before + 2)).slice(before);
    await waitForRecords(() => counted.dumpKv('AUDIT_ARCHIVE'), 2);
    const kv = await counted.kv('AUDIT_ARCHIVE');
    for (const record of archiveRecords(await counted.dumpKv('AUDIT_ARCHIVE'))) await kv.delete(record.name);
    for (const point of points) sql.write(point, new Date(point.doubles![0] + 1_000));
    // A slow API: the check lists the tombstones (none yet), then waits on its queries while the purge runs.
    sql.setDelay(400);

    const check = counted.dispatchScheduled(CRON, night(1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const purged = await purgeOn(counted, uid);
    expect(purged.status).toBe(200);
    await check;
    sql.setDelay(0);
    // Whatever the racing check copied in after the purge's own sweep is ciphertext under a deleted key...
    const pseudonym = pseudonymOf(counted.auditKeys, uid);
    const copied = archiveRecords(await counted.dumpKv('AUDIT_ARCHIVE')).filter((record) => record.name.split(':')[2] === pseudonym);
    // The race happened: the check, which listed the tombstones before the purge, copied both dials in after it.
    expect(copied).toHaveLength(2);
    for (const point of points) expect(await openPoint(kv, counted.auditKeys, point)).toBeNull();

    // ...and the next night's run, past the race window, sweeps it away; nothing of the account is left to read.
    await counted.dispatchScheduled(CRON, night(2));
    const after = (await counted.dumpKv('AUDIT_ARCHIVE')).filter((entry) => JSON.stringify(entry).includes(pseudonym));
    expect(after.map((entry) => entry.name)).toEqual([`purged:${pseudonym}`]);
    expect(sql.storedRows().filter((row) => row.index1 === pseudonym)).toHaveLength(2);
  }, 60_000);

  test('[policy: deleted within 90 days of account termination] a terminated account’s sessions, audit key and dial records: the purge at termination (an Access service token) runs out of budget, the nightly runs finish it unasked, nothing of it is readable within 3 nights', async () => {
    // The departing account dials for real (its audit key and archive records are the Worker's own), and holds 500
    // more sessions, so that one purge call cannot finish.
    const uid = blake.uid;
    const session = await counted.signIn(blake);
    const before = counted.auditPoints().length;
    for (const destination of ['+14805550221', '+14805550222'])
      expect((await counted.fetch('/v1/calls', { method: 'POST', session, json: { destination } })).status).toBe(202);
    const points = (await counted.waitForAuditPoints(before + 2)).slice(before);
    const pseudonym = pseudonymOf(counted.auditKeys, uid);
    const audit = await counted.kv('AUDIT_ARCHIVE');
    const ownRecords = async () =>
      archiveRecords(await counted.dumpKv('AUDIT_ARCHIVE')).filter((record) => record.name.split(':')[2] === pseudonym);
    for (let waited = 0; (await ownRecords()).length < 2 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await ownRecords()).toHaveLength(2);
    expect(
      (await counted.dumpKv('AUDIT_ARCHIVE')).filter((entry) => entry.name.startsWith(`auditkey:${pseudonym}`)).length,
    ).toBeGreaterThan(0);
    // Readable before: the reader opens both dials, so unreadable afterwards means deleted keys, not a broken reader.
    expect((await Promise.all(points.map((point) => openPoint(audit, counted.auditKeys, point)))).map((dial) => dial?.destination)).toEqual(
      ['+14805550221', '+14805550222'],
    );

    const sessions = await counted.kv('SESSIONS');
    const accountHash = sha256Hex(uid.toLowerCase());
    const ids = Array.from({ length: 500 }, () => sha256Hex(randomBytes(32).toString('base64url')));
    // In batches: a thousand writes at once reset Miniflare's loopback connection.
    for (let start = 0; start < ids.length; start += 25) {
      await Promise.all(
        ids
          .slice(start, start + 25)
          .flatMap((id) => [
            sessions.put(`account:${accountHash}:${id}`, '', { expirationTtl: 86_400 }),
            sessions.put(`session:${id}`, 'x', { expirationTtl: 86_400 }),
          ]),
      );
    }
    // A service token's JWT names its client id in common_name and carries no email.
    const serviceToken = access.token({ email: undefined, common_name: 'c2d-account-system.access' });
    const response = await counted.fetch(PURGE, { method: 'POST', json: { uid }, headers: { 'Cf-Access-Jwt-Assertion': serviceToken } });
    expect(response.status).toBe(202);
    const leftAfterCall = (await counted.dumpKv('SESSIONS')).filter((entry) => entry.name.startsWith(`account:${accountHash}`));
    expect(leftAfterCall.length).toBeGreaterThan(0);
    // Nobody calls again: the nightly runs (each spends half its KV budget on unfinished purges) finish it within
    // a few nights, far inside the 90 days.
    // Key names only (a list, not a dump of every value): what is left of the account in either namespace.
    const names = async (binding: 'SESSIONS' | 'AUDIT_ARCHIVE', prefix: string): Promise<string[]> => {
      const kv = await counted.kv(binding);
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix, cursor });
        found.push(...page.keys.map((key) => key.name));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor !== undefined);
      return found;
    };
    const remaining = async () => [
      ...(await names('SESSIONS', `account:${accountHash}`)),
      ...(await names('SESSIONS', 'session:')),
      ...(await names('AUDIT_ARCHIVE', `auditkey:${pseudonym}`)),
      ...(await names('AUDIT_ARCHIVE', 'audit:')).filter((name) => name.split(':')[2] === pseudonym),
    ];
    let nights = 0;
    while ((await remaining()).length > 0 && nights < 10) await counted.dispatchScheduled(CRON, night(++nights));
    expect(await remaining()).toEqual([]);
    expect(nights).toBeLessThanOrEqual(3);
    expect((await counted.fetch('/v1/session', { session })).status).toBe(401);
    // Its data points stay in Analytics Engine until they age out, unreadable from the purge on.
    for (const point of points) expect(await openPoint(audit, counted.auditKeys, point)).toBeNull();
  }, 240_000);
});
