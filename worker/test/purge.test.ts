/** POST /v1/admin/purge in workerd: Cloudflare Access JWT checks, then an account's sessions and archive are gone. */
import { createHash } from 'node:crypto';
import { PurgeResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { AccessTeamFake, newSigningKey, signJwt } from './fakes/access-jwks-fake';
import { AnalyticsSqlFake, rowFromDataPoint } from './fakes/analytics-sql-fake';
import { startHarness, type Harness } from './harness';

const CRON = '30 2 * * *';
const AE_ACCOUNT_ID = 'fedcba9876543210fedcba9876543210';
const AE_TOKEN = 'ae-token-for-purge-tests';
const DATASET = 'voipcom_dial_events';
const AUDIENCE = 'c2d-admin-audience-tag';
const PURGE = '/v1/admin/purge';

const access = new AccessTeamFake(AUDIENCE);
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, DATASET);
let h: Harness;

const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
const hash = (uid: string): string => createHash('sha256').update(uid).digest('hex');

async function signIn(user: typeof avery | typeof blake): Promise<string> {
  const json = user.mfaPasscode === null ? { username: user.username, password: user.password } : { username: user.username, password: user.password, passcode: user.mfaPasscode };
  const response = await h.fetch('/v1/session', { method: 'POST', json });
  expect(response.status).toBe(201);
  return ((await response.json()) as { session: string }).session;
}

async function sessionStatus(session: string): Promise<number> {
  return (await h.fetch('/v1/session', { session })).status;
}

async function keysOf(uid: string): Promise<string[]> {
  const kv = await h.kv('AUDIT_ARCHIVE');
  return (await kv.list({ prefix: `audit:${hash(uid)}:` })).keys.map((key) => key.name);
}

function purge(token: string | null, json: unknown = { uid: avery.uid }) {
  return h.fetch(PURGE, { method: 'POST', json, headers: token === null ? {} : { 'Cf-Access-Jwt-Assertion': token } });
}

async function errorCode(response: { json(): Promise<unknown> }): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Dials through the Worker, then hands its Analytics Engine points to the SQL fake and runs the nightly export. */
async function dialAndArchive(session: string, destinations: string[]): Promise<void> {
  h.clearAuditPoints();
  for (const destination of destinations) {
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination } });
    expect(response.status).toBe(202);
  }
  const points = await h.waitForAuditPoints(destinations.length);
  sql.seed(points.map((point) => rowFromDataPoint(point, new Date(Math.floor((point.doubles?.[1] ?? 0) / 1000) * 1000))));
}

/** The cron as it fires tomorrow at 02:30 UTC, so today's dials are "yesterday". */
async function runExportForToday(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  await (await h.kv('AUDIT_ARCHIVE')).delete('export:watermark');
  await h.dispatchScheduled(CRON, new Date(Date.parse(`${today}T02:30:00Z`) + 86_400_000));
}

let averySessions: string[];
let blakeSession: string;

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
  averySessions = [await signIn(avery), await signIn(avery)];
  blakeSession = await signIn(blake);
  await dialAndArchive(averySessions[0]!, ['+14805550101', '+14805550102', '+14805550103']);
  await dialAndArchive(blakeSession, ['+14805550201']);
  await runExportForToday();
  // A second day of Avery's, written as the export would, so the purge has more than one entry to find.
  const kv = await h.kv('AUDIT_ARCHIVE');
  await kv.put(`audit:${hash(avery.uid)}:2026-09-01`, JSON.stringify([{ destination: '+14805550999', at: '2026-09-01T10:00:00.000Z', placed: true, error: null }]), {
    expirationTtl: 86_400,
    metadata: { dials: 1 },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([access.stop(), sql.stop()]);
});

describe('refused before anything is deleted', () => {
  afterEach(async () => {
    expect(await keysOf(avery.uid)).toHaveLength(2);
    expect(await sessionStatus(averySessions[0]!)).toBe(200);
  });

  test('without a token: 401 unauthorized', async () => {
    const response = await purge(null);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthorized');
  });

  test('signed by a key Access does not publish (same kid): 403 forbidden', async () => {
    const impostor = newSigningKey(access.published[0]!.kid);
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
          error: { code: 'admin_not_configured', message: 'The admin API is not set up on this Worker: Cloudflare Access is not configured.' },
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
  test('[policy: deletion on request] deletes the account’s sessions and archived dial records, reports the counts, leaves other accounts alone', async () => {
    const blakeKeysBefore = await keysOf(blake.uid);
    expect(blakeKeysBefore).toHaveLength(1);

    const response = await purge(access.token());
    expect(response.status).toBe(200);
    expect(PurgeResponseSchema.parse(await response.json())).toEqual({ uid: avery.uid, sessionsDeleted: 2, auditRecordsDeleted: 4 });

    for (const session of averySessions) expect(await sessionStatus(session)).toBe(401);
    expect(await keysOf(avery.uid)).toEqual([]);
    const sessionKeys = (await h.dumpKv('SESSIONS')).map((entry) => entry.name);
    expect(sessionKeys.some((name) => name.includes(hash(avery.uid)))).toBe(false);

    expect(await sessionStatus(blakeSession)).toBe(200);
    expect(await keysOf(blake.uid)).toEqual(blakeKeysBefore);
  });

  test('[policy: deletion on request] the next nightly export does not archive the purged account’s dials again', async () => {
    // Analytics Engine still holds Avery's dials from today (it cannot delete them); Blake's are exported again.
    await runExportForToday();
    expect(await keysOf(avery.uid)).toEqual([]);
    expect(await keysOf(blake.uid)).toHaveLength(1);
  });

  test('a second purge finds nothing left and says so', async () => {
    const response = await purge(access.token());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ uid: avery.uid, sessionsDeleted: 0, auditRecordsDeleted: 0 });
  });
});
