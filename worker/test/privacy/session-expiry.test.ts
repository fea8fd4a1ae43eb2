/** Server-side session lifetime: every SESSIONS entry expires within 30 days of the session's last use, and sign-out ends it at once. */
import { startHarness, type Harness } from '../harness';
import { openSession, sealSession, sessionKvKey } from '../session-vault';

jest.setTimeout(60_000);

const THIRTY_DAYS = 30 * 86_400;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Rewrites the stored session as if its last write (its last counted use) was `ageSeconds` ago. */
async function age(session: string, ageSeconds: number): Promise<void> {
  const kv = await h.kv('SESSIONS');
  const key = sessionKvKey(session);
  const { kid, record } = openSession(h.sessionKeys, key, (await kv.get(key, 'text')) ?? '');
  const lastWrite = nowSeconds() - ageSeconds;
  // KV's own expiry is pushed out on purpose: the Worker must enforce the 30 days itself (a cache may serve late).
  await kv.put(key, sealSession(h.sessionKeys, kid, key, record), { metadata: { lastWrite }, expiration: nowSeconds() + 3600 });
}

test('[policy: session identifiers are purged after 30 days] every key in SESSIONS carries an expiry no later than 30 days from now', async () => {
  await h.signIn();
  const session = await h.signIn();
  expect((await h.fetch('/v1/devices', { session })).status).toBe(200);
  const entries = await h.dumpKv('SESSIONS');
  expect(entries.length).toBeGreaterThanOrEqual(4);
  const limit = nowSeconds() + THIRTY_DAYS;
  for (const entry of entries) {
    expect(entry.expiration).toBeDefined();
    expect(entry.expiration!).toBeLessThanOrEqual(limit);
  }
});

test('[policy: sessions expire after 30 days of inactivity] a use slides the expiry to 30 days after that use', async () => {
  const session = await h.signIn();
  await age(session, 10 * 86_400);
  const usedAt = nowSeconds();
  expect((await h.fetch('/v1/session', { session })).status).toBe(200);
  const kv = await h.kv('SESSIONS');
  const listed = (await kv.list({ prefix: sessionKvKey(session) })).keys[0];
  expect(listed?.expiration).toBeGreaterThanOrEqual(usedAt + THIRTY_DAYS);
  expect(listed?.expiration).toBeLessThanOrEqual(nowSeconds() + THIRTY_DAYS);
});

test('[policy: sessions expire after 30 days of inactivity] 30 days after the last use the session is refused even if KV still serves it', async () => {
  const idle = await h.signIn();
  const almost = await h.signIn();
  await age(idle, THIRTY_DAYS);
  await age(almost, THIRTY_DAYS - 120);
  expect((await h.fetch('/v1/session', { session: idle })).status).toBe(401);
  expect((await h.fetch('/v1/session', { session: almost })).status).toBe(200);
});

test('[policy: server sessions end at sign-out] sign-out deletes the server-side session at once', async () => {
  const session = await h.signIn();
  expect((await h.fetch('/v1/session', { method: 'DELETE', session })).status).toBe(204);
  const kv = await h.kv('SESSIONS');
  expect(await kv.get(sessionKvKey(session))).toBeNull();
  expect((await h.fetch('/v1/session', { session })).status).toBe(401);
});
