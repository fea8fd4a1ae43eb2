/** Sign-out and purge end a session for good: a request in flight that refreshes the PBX tokens cannot write it back. */
import { ErrorBodySchema, PurgeResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../../simulator/src/index';
import { AccessTeamFake } from '../fakes/access-jwks-fake';
import { startHarness, type Harness } from '../harness';
import { accountKvKey, openSession, sealSession, sessionKvKey, sha256Hex } from '../session-vault';

jest.setTimeout(60_000);

const AUDIENCE = 'c2d-revocation-suite';
const THIRTY_DAYS = 30 * 86_400;
/** How long the simulator holds the token refresh: long enough to sign out meanwhile, well within NS_TIMEOUT_MS. */
const REFRESH_DELAY_MS = 2_000;
const avery = DEMO_USERS.avery;

const access = new AccessTeamFake(AUDIENCE);
let h: Harness;

beforeAll(async () => {
  await access.start();
  h = await startHarness({ vars: access.vars });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await access.stop();
});
afterEach(() => {
  h.simulator.setFault(null);
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Marks the stored access token as expired, so the session's next use refreshes it before anything else. */
async function expireStoredAccessToken(session: string): Promise<void> {
  const kv = await h.kv('SESSIONS');
  const key = sessionKvKey(session);
  const { value, metadata } = await kv.getWithMetadata(key, 'text');
  const { kid, record } = openSession(h.sessionKeys, key, value ?? '');
  const lastWrite = (metadata as { lastWrite: number }).lastWrite;
  await kv.put(key, sealSession(h.sessionKeys, kid, key, { ...record, accessExpiresAt: nowSeconds() - 10 }), {
    metadata: { lastWrite },
    expiration: lastWrite + THIRTY_DAYS,
  });
}

/** Resolves once the simulator has received `count` more API requests than `before` (the held refresh among them). */
async function simulatorReceived(before: number, count: number): Promise<void> {
  for (let waited = 0; h.simulator.requestCount() < before + count; waited += 10) {
    if (waited > 10_000) throw new Error('the Worker did not reach the simulator');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Nothing of the session is left but its revocation marker, which expires within the policy's 30 days. */
async function expectRevoked(session: string): Promise<void> {
  const kv = await h.kv('SESSIONS');
  expect(await kv.get(sessionKvKey(session))).toBeNull();
  expect(await kv.get(accountKvKey(avery.uid, session))).toBeNull();
  const marker = (await kv.list({ prefix: `revoked:${sha256Hex(session)}` })).keys;
  expect(marker).toHaveLength(1);
  expect(marker[0].expiration).toBeGreaterThan(nowSeconds() + THIRTY_DAYS - 120);
  expect(marker[0].expiration).toBeLessThanOrEqual(nowSeconds() + THIRTY_DAYS);
  const status = await h.fetch('/v1/session', { session });
  expect(status.status).toBe(401);
  expect(ErrorBodySchema.parse(await status.json()).error.code).toBe('session_expired');
}

test('[policy: server sessions end at sign-out] sign-out ends the session for good: a token refresh still in flight cannot write it back', async () => {
  const session = await h.signIn();
  await expireStoredAccessToken(session);
  h.simulator.setFault({ fault: { kind: 'delay', ms: REFRESH_DELAY_MS }, pathPrefix: '/tokens', times: 1 });
  const before = h.simulator.requestCount();

  // The status request refreshes the expired access token; the PBX holds the refresh while the user signs out.
  const inFlight = h.fetch('/v1/session', { session });
  await simulatorReceived(before, 1);
  const signOut = await h.fetch('/v1/session', { method: 'DELETE', session });
  expect(signOut.status).toBe(204);
  expect(await (await h.kv('SESSIONS')).get(sessionKvKey(session))).toBeNull();

  // The refresh completes after the sign-out: the new tokens are dropped, the request is refused.
  const late = await inFlight;
  expect(late.status).toBe(401);
  expect(ErrorBodySchema.parse(await late.json()).error.code).toBe('session_expired');
  await expectRevoked(session);
});

test('[policy: deletion on request] a purge ends the account’s sessions for good: a token refresh still in flight cannot write one back', async () => {
  const busy = await h.signIn();
  const idle = await h.signIn();
  // The PBX stops accepting the access tokens: the next device listing gets 401, refreshes (held), then retries.
  h.simulator.expireAccessTokens();
  h.simulator.setFault({ fault: { kind: 'delay', ms: REFRESH_DELAY_MS }, pathPrefix: '/tokens', times: 1 });
  const before = h.simulator.requestCount();

  const inFlight = h.fetch('/v1/devices', { session: busy });
  await simulatorReceived(before, 2);
  const purge = await h.fetch('/v1/admin/purge', {
    method: 'POST',
    json: { uid: avery.uid },
    headers: { 'Cf-Access-Jwt-Assertion': access.token() },
  });
  expect(purge.status).toBe(200);
  expect(PurgeResponseSchema.parse(await purge.json()).sessionsDeleted).toBe(2);

  const late = await inFlight;
  expect(late.status).toBe(401);
  expect(ErrorBodySchema.parse(await late.json()).error.code).toBe('session_expired');
  await expectRevoked(busy);
  await expectRevoked(idle);
  // Nothing of the account is left in SESSIONS but the markers, which carry only session hashes.
  const names = (await h.dumpKv('SESSIONS')).map((entry) => entry.name);
  expect(names.filter((name) => !name.startsWith('revoked:'))).toEqual([]);
});

test('[policy: server sessions end at sign-out] a copy written back where the marker was not yet visible is deleted at its next token refresh', async () => {
  const session = await h.signIn();
  const kv = await h.kv('SESSIONS');
  const key = sessionKvKey(session);
  const stored = await kv.getWithMetadata(key, 'text');
  expect((await h.fetch('/v1/session', { method: 'DELETE', session })).status).toBe(204);
  // What a write-back at another Cloudflare location, which did not see the marker in time, would leave behind.
  await kv.put(key, stored.value ?? '', { metadata: stored.metadata, expirationTtl: THIRTY_DAYS });
  await kv.put(accountKvKey(avery.uid, session), '', { expirationTtl: THIRTY_DAYS });
  await expireStoredAccessToken(session);

  const refreshed = await h.fetch('/v1/session', { session });
  expect(refreshed.status).toBe(401);
  await refreshed.arrayBuffer();
  await expectRevoked(session);
});

test('signing in again after a sign-out gives a new session that works', async () => {
  const old = await h.signIn();
  expect((await h.fetch('/v1/session', { method: 'DELETE', session: old })).status).toBe(204);
  const fresh = await h.signIn();
  expect(fresh).not.toBe(old);
  expect((await h.fetch('/v1/session', { session: fresh })).status).toBe(200);
  expect((await h.fetch('/v1/session', { session: old })).status).toBe(401);
});
