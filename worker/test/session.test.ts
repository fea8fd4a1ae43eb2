/** Sessions end to end: sign-in (password, MFA), status, sign-out, the vault's contents, sliding expiry, refresh, rotation. */
import { ErrorBodySchema, SessionStatusResponseSchema, SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { newSessionKeys, startHarness, type Harness } from './harness';
import { accountKvKey, openSession, sealSession, sessionKvKey, sha256Hex, type StoredSession } from './session-vault';

const DAY = 86_400;
const TTL = 30 * DAY;
const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;

jest.setTimeout(30_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sessionKeys: newSessionKeys(['k1']) });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function errorCode(response: { status: number; json(): Promise<unknown> }): Promise<string> {
  return ErrorBodySchema.parse(await response.json()).error.code;
}

async function status(session: string) {
  return h.fetch('/v1/session', { session });
}

async function readStored(session: string): Promise<{ kid: string; record: StoredSession; metadata: unknown; expiration?: number }> {
  const kv = await h.kv('SESSIONS');
  const key = sessionKvKey(session);
  const { value, metadata } = await kv.getWithMetadata(key, 'text');
  if (value === null) throw new Error('session not stored');
  const listed = (await kv.list({ prefix: key })).keys[0];
  return { ...openSession(h.sessionKeys, key, value), metadata, expiration: listed?.expiration };
}

/** Rewrites a stored session as the Worker would have written it `ageSeconds` ago, with the record changed by `edit`. */
async function rewriteStored(session: string, ageSeconds: number, edit: (record: StoredSession) => StoredSession = (r) => r) {
  const kv = await h.kv('SESSIONS');
  const key = sessionKvKey(session);
  const { kid, record } = await readStored(session);
  const lastWrite = Math.floor(Date.now() / 1000) - ageSeconds;
  await kv.put(key, sealSession(h.sessionKeys, kid, key, edit(record)), { metadata: { lastWrite }, expiration: lastWrite + TTL });
  return lastWrite;
}

describe('sign-in', () => {
  test('a right password creates a session: 201 with the id and the user', async () => {
    const response = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
    expect(response.status).toBe(201);
    const body = SignInResponseSchema.parse(await response.json());
    expect(body.user).toEqual({ uid: avery.uid, user: avery.user, domain: avery.domain, displayName: avery.displayName });
    expect(body.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a wrong password is 401 invalid_credentials and stores nothing', async () => {
    const before = (await h.dumpKv('SESSIONS')).length;
    const response = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: 'wrong-password' } });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('invalid_credentials');
    expect((await h.dumpKv('SESSIONS')).length).toBe(before);
  });

  test('MFA: no passcode → mfa_required, wrong passcode → invalid_credentials, right passcode → 201', async () => {
    const credentials = { username: blake.username, password: blake.password };
    const missing = await h.fetch('/v1/session', { method: 'POST', json: credentials });
    expect(missing.status).toBe(401);
    expect(await errorCode(missing)).toBe('mfa_required');

    const wrong = await h.fetch('/v1/session', { method: 'POST', json: { ...credentials, passcode: '000000' } });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('invalid_credentials');

    const right = await h.fetch('/v1/session', { method: 'POST', json: { ...credentials, passcode: blake.mfaPasscode } });
    expect(right.status).toBe(201);
    const body = SignInResponseSchema.parse(await right.json());
    expect(body.user.uid).toBe(blake.uid);
    expect((await status(body.session)).status).toBe(200);
  });

  test('a wrong password with MFA user is invalid_credentials, not mfa_required', async () => {
    const response = await h.fetch('/v1/session', {
      method: 'POST',
      json: { username: blake.username, password: 'nope', passcode: '246810' },
    });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('invalid_credentials');
  });
});

describe('status and sign-out', () => {
  test('GET /v1/session answers the user and an expiry 30 days out', async () => {
    const session = await h.signIn();
    const before = Date.now();
    const response = await status(session);
    expect(response.status).toBe(200);
    const body = SessionStatusResponseSchema.parse(await response.json());
    expect(body.user.uid).toBe(avery.uid);
    const expiresAt = Date.parse(body.expiresAt);
    expect(expiresAt).toBeGreaterThan(before + (TTL - 60) * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TTL * 1000);
  });

  test('no, malformed or unknown bearer → 401', async () => {
    const none = await h.fetch('/v1/session');
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('unauthorized');
    const malformed = await h.fetch('/v1/session', { headers: { Authorization: 'Bearer not-a-session' } });
    expect(await errorCode(malformed)).toBe('session_expired');
    const unknown = await status('A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(await errorCode(unknown)).toBe('session_expired');
  });

  test('DELETE removes the session and its index entry at once, and is idempotent', async () => {
    const session = await h.signIn();
    const kv = await h.kv('SESSIONS');
    expect(await kv.get(accountKvKey(avery.uid, session))).toBe('');

    const first = await h.fetch('/v1/session', { method: 'DELETE', session });
    expect(first.status).toBe(204);
    expect(await kv.get(sessionKvKey(session))).toBeNull();
    expect(await kv.get(accountKvKey(avery.uid, session))).toBeNull();
    expect((await status(session)).status).toBe(401);

    const again = await h.fetch('/v1/session', { method: 'DELETE', session });
    expect(again.status).toBe(204);
  });
});

describe('what the vault stores', () => {
  test('a KV dump holds neither password, username, session id nor token', async () => {
    const session = await h.signIn();
    expect((await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550199' } })).status).toBe(202);
    const { record } = await readStored(session);
    const dump = JSON.stringify(await h.dumpKv('SESSIONS'));
    for (const secret of [avery.password, session, record.accessToken, record.refreshToken, avery.uid, avery.username]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain(sha256Hex(session));
    expect(dump).toContain(sha256Hex(avery.uid));
  });

  test('the record is AES-GCM under the current kid, with a fresh IV per write', async () => {
    const one = await readStored(await h.signIn());
    const two = await readStored(await h.signIn());
    expect(one.kid).toBe('k1');
    expect(one.record.user.uid).toBe(avery.uid);
    const ivs = (await h.dumpKv('SESSIONS'))
      .filter((entry) => entry.name.startsWith('session:'))
      .map((entry) => (JSON.parse(entry.value) as { iv: string }).iv);
    expect(new Set(ivs).size).toBe(ivs.length);
    expect(two.record.accessToken).not.toBe(one.record.accessToken);
  });

  test('[policy: server-side sessions are kept in encrypted edge storage] a ciphertext moved under another session key does not decrypt (bound to its key)', async () => {
    const victim = await h.signIn();
    const attacker = await h.signIn();
    const kv = await h.kv('SESSIONS');
    const stolen = await kv.getWithMetadata(sessionKvKey(victim), 'text');
    await kv.put(sessionKvKey(attacker), stolen.value ?? '', { metadata: stolen.metadata, expirationTtl: TTL });
    const response = await status(attacker);
    expect(response.status).toBe(401);
    expect((await status(victim)).status).toBe(200);
  });
});

describe('sliding expiry', () => {
  test('a use within a day of the last write writes nothing', async () => {
    const session = await h.signIn();
    const lastWrite = await rewriteStored(session, 3600);
    const before = await readStored(session);
    const response = await status(session);
    const body = SessionStatusResponseSchema.parse(await response.json());
    const after = await readStored(session);
    expect(after.metadata).toEqual({ lastWrite });
    expect(after.expiration).toBe(lastWrite + TTL);
    expect(Date.parse(body.expiresAt)).toBe((lastWrite + TTL) * 1000);
    expect(after.record).toEqual(before.record);
  });

  test('a use a day or more after the last write moves the expiry to 30 days from now (session and index)', async () => {
    const session = await h.signIn();
    const lastWrite = await rewriteStored(session, 2 * DAY);
    expect((await readStored(session)).expiration).toBe(lastWrite + TTL);
    const kv = await h.kv('SESSIONS');
    await kv.put(accountKvKey(avery.uid, session), '', { expiration: lastWrite + TTL });

    const usedAt = Math.floor(Date.now() / 1000);
    const body = SessionStatusResponseSchema.parse(await (await status(session)).json());
    const after = await readStored(session);
    const written = (after.metadata as { lastWrite: number }).lastWrite;
    expect(written).toBeGreaterThanOrEqual(usedAt);
    expect(after.expiration).toBe(written + TTL);
    expect(Date.parse(body.expiresAt)).toBe((written + TTL) * 1000);
    const index = (await kv.list({ prefix: accountKvKey(avery.uid, session) })).keys[0];
    expect(index?.expiration).toBe(written + TTL);
  });

  test('a session whose 30 days have passed is gone even if KV still serves it', async () => {
    const session = await h.signIn();
    const kv = await h.kv('SESSIONS');
    const key = sessionKvKey(session);
    const { kid, record } = await readStored(session);
    const lastWrite = Math.floor(Date.now() / 1000) - TTL - 5;
    // KV refuses past expirations, so this copy lives on in KV while its metadata says it is 30 days old.
    await kv.put(key, sealSession(h.sessionKeys, kid, key, record), { metadata: { lastWrite }, expirationTtl: 3600 });
    const response = await status(session);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_expired');
  });
});

describe('token refresh', () => {
  test('an expired access token is refreshed transparently and the new tokens stored', async () => {
    const session = await h.signIn();
    const lastWrite = await rewriteStored(session, 60, (record) => ({ ...record, accessExpiresAt: Math.floor(Date.now() / 1000) - 10 }));
    const old = await readStored(session);
    const requestsBefore = h.simulator.requestCount();
    const response = await status(session);
    expect(response.status).toBe(200);
    expect(h.simulator.requestCount()).toBe(requestsBefore + 1);
    const fresh = await readStored(session);
    expect(fresh.record.accessToken).not.toBe(old.record.accessToken);
    expect(fresh.record.refreshToken).not.toBe(old.record.refreshToken);
    expect(fresh.record.accessExpiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000) + 3000);
    expect((fresh.metadata as { lastWrite: number }).lastWrite).toBeGreaterThan(lastWrite);
    // The new tokens work against the PBX.
    expect((await h.fetch('/v1/devices', { session })).status).toBe(200);
  });

  test('a refused refresh deletes the session: 401 session_expired, session and index gone', async () => {
    const session = await h.signIn();
    await rewriteStored(session, 60, (record) => ({ ...record, accessExpiresAt: Math.floor(Date.now() / 1000) - 10 }));
    h.simulator.revokeRefreshTokens();
    const response = await status(session);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_expired');
    const kv = await h.kv('SESSIONS');
    expect(await kv.get(sessionKvKey(session))).toBeNull();
    expect(await kv.get(accountKvKey(avery.uid, session))).toBeNull();
  });

  test('a PBX failure during refresh is 502/504 and keeps the session', async () => {
    const session = await h.signIn();
    await rewriteStored(session, 60, (record) => ({ ...record, accessExpiresAt: Math.floor(Date.now() / 1000) - 10 }));
    h.simulator.setFault({ fault: { kind: 'status', status: 503 }, pathPrefix: '/tokens', times: 1 });
    const response = await status(session);
    expect(response.status).toBe(502);
    expect(await errorCode(response)).toBe('upstream_error');
    expect((await status(session)).status).toBe(200);
  });
});

describe('key rotation', () => {
  test('old kids still decrypt, new writes use the new kid, a removed kid signs its sessions out', async () => {
    const old = await h.signIn();
    expect((await readStored(old)).kid).toBe('k1');
    const k1 = h.sessionKeys.keys['k1'];
    await h.reconfigure({ sessionKeys: { current: 'k2', keys: { k1, k2: newSessionKeys(['k2']).keys['k2'] } } });

    expect((await status(old)).status).toBe(200);
    expect((await readStored(old)).kid).toBe('k1');

    const fresh = await h.signIn();
    expect((await readStored(fresh)).kid).toBe('k2');

    // The next rewrite of the old session (here the daily slide) re-encrypts it under k2.
    await rewriteStored(old, 2 * DAY);
    expect((await status(old)).status).toBe(200);
    expect((await readStored(old)).kid).toBe('k2');

    const stale = await h.signIn();
    await rewriteStored(stale, 60);
    const kv = await h.kv('SESSIONS');
    const key = sessionKvKey(stale);
    const { record } = await readStored(stale);
    await kv.put(key, sealSession(h.sessionKeys, 'k1', key, record), {
      metadata: { lastWrite: Math.floor(Date.now() / 1000) },
      expirationTtl: TTL,
    });
    await h.reconfigure({ sessionKeys: { current: 'k2', keys: { k2: h.sessionKeys.keys['k2'] } } });
    expect((await status(stale)).status).toBe(401);
    expect((await status(fresh)).status).toBe(200);
  });
});
