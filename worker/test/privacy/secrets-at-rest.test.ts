/** After every kind of sign-in and use, no credential, token, session id or request metadata sits in KV or the Worker's logs. */
import { ErrorBodySchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../../simulator/src/index';
import { newSessionKeys, startHarness, TEST_CLIENT_SECRET, type Harness, type SessionKeysJson } from '../harness';
import { openSession, sessionKvKey } from '../session-vault';
import { identifiedClient } from './support/identified-client';
import { captureWorkerLogs, LOG_FLUSH_VARS, type WorkerLogs } from './support/worker-logs';

jest.setTimeout(60_000);

const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;
/** Request metadata the Worker must not keep: a user agent and an address no code here would make up. */
const USER_AGENT = 'PrivacyProbe/7.7 (ua-marker-5e1f0c)';
const CLIENT_IP = '198.51.100.77';
const WRONG_PASSWORD = 'Wrong-password-marker-91c4';
const keys: SessionKeysJson = newSessionKeys(['k1']);

let h: Harness;
let logs: WorkerLogs;
/** Every value that must appear nowhere at rest or in a log line, with a name for the failure message. */
const secrets = new Map<string, string>();

const { send, signIn } = identifiedClient(() => h, { userAgent: USER_AGENT, ip: CLIENT_IP });

async function rememberTokens(label: string, session: string): Promise<void> {
  const kv = await h.kv('SESSIONS');
  const value = await kv.get(sessionKvKey(session), 'text');
  if (value === null) throw new Error(`${label}: session not stored`);
  const { record } = openSession(keys, sessionKvKey(session), value);
  secrets.set(`${label} access token`, record.accessToken);
  secrets.set(`${label} refresh token`, record.refreshToken);
}

beforeAll(async () => {
  logs = captureWorkerLogs();
  h = await startHarness({ sessionKeys: keys, vars: LOG_FLUSH_VARS });
  secrets.set('Avery password', avery.password);
  secrets.set('Blake password', blake.password);
  secrets.set('a wrong password', WRONG_PASSWORD);
  secrets.set('MFA passcode', blake.mfaPasscode);
  secrets.set('NS client secret', TEST_CLIENT_SECRET);
  secrets.set('session key k1', keys.keys['k1']);
  secrets.set('user agent', USER_AGENT);
  secrets.set('client IP', CLIENT_IP);

  // A refused password, an MFA user without, with a wrong and with the right passcode.
  expect((await send('/v1/session', { method: 'POST', json: { username: avery.username, password: WRONG_PASSWORD } })).status).toBe(401);
  const noPasscode = await send('/v1/session', { method: 'POST', json: { username: blake.username, password: blake.password } });
  expect(ErrorBodySchema.parse(await noPasscode.json()).error.code).toBe('mfa_required');
  const wrongPasscode = await send('/v1/session', {
    method: 'POST',
    json: { username: blake.username, password: blake.password, passcode: '135799' },
  });
  expect(wrongPasscode.status).toBe(401);
  const averySession = await signIn({ username: avery.username, password: avery.password });
  const blakeSession = await signIn({ username: blake.username, password: blake.password, passcode: blake.mfaPasscode });
  secrets.set('Avery session id', averySession);
  secrets.set('Blake session id', blakeSession);
  await rememberTokens('Avery first', averySession);
  await rememberTokens('Blake', blakeSession);

  // Every authenticated use, a placed and a refused dial, then a refresh (the PBX expires the access tokens).
  expect((await send('/v1/session', { session: averySession })).status).toBe(200);
  expect((await send('/v1/devices', { session: averySession })).status).toBe(200);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550142' } })).status).toBe(202);
  expect((await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '12' } })).status).toBe(400);
  h.simulator.expireAccessTokens();
  expect((await send('/v1/devices', { session: averySession })).status).toBe(200);
  await rememberTokens('Avery refreshed', averySession);
  expect(secrets.get('Avery refreshed access token')).not.toBe(secrets.get('Avery first access token'));
  expect((await send('/v1/session', { method: 'DELETE', session: blakeSession })).status).toBe(204);
}, 120_000);

afterAll(async () => {
  logs?.restore();
  await h?.close();
});

function leaks(haystack: string): string[] {
  return [...secrets].filter(([, value]) => haystack.includes(value)).map(([name]) => name);
}

test('[policy: credentials are not stored] no password, passcode, token, session id, client secret or key in either KV namespace', async () => {
  const dump = JSON.stringify([...(await h.dumpKv('SESSIONS')), ...(await h.dumpKv('AUDIT_ARCHIVE'))]);
  // The dump is not empty: Avery's session is there, encrypted under a hashed key.
  expect(dump).toContain('session:');
  expect(leaks(dump)).toEqual([]);
});

test('[policy: server-side sessions are kept in encrypted edge storage] no username or uid in clear in KV: keys carry hashes, records are encrypted', async () => {
  const dump = JSON.stringify([...(await h.dumpKv('SESSIONS')), ...(await h.dumpKv('AUDIT_ARCHIVE'))]);
  for (const name of [avery.username, blake.username, avery.displayName, blake.displayName]) expect(dump).not.toContain(name);
});

test('[policy: credentials are not stored] the Worker logs none of them, not even when its own key secret is broken', async () => {
  // A keyring whose key is too short: the Worker refuses to run and logs which rule broke, never the value.
  const broken: SessionKeysJson = { current: 'k9', keys: { k9: Buffer.from('sixteen-byte-key').toString('base64url') } };
  secrets.set('broken session key', broken.keys['k9']);
  await h.reconfigure({ sessionKeys: broken });
  const refused = await send('/v1/session', { session: secrets.get('Avery session id')! });
  expect(refused.status).toBe(500);
  expect(ErrorBodySchema.parse(await refused.json()).error.code).toBe('internal_error');
  await h.reconfigure({ sessionKeys: keys });

  const lines = await logs.flush(h);
  // The capture works: the configuration problem and the flush markers were seen.
  expect(lines.some((line) => line.includes('invalid_configuration') && line.includes('SESSION_KEYS'))).toBe(true);
  expect(leaks(lines.join('\n'))).toEqual([]);
  for (const name of [avery.username, blake.username]) expect(lines.join('\n')).not.toContain(name);
});

test('[policy: credentials are not stored] no answer of the Worker echoes a password or token', async () => {
  const refused = await send('/v1/session', { method: 'POST', json: { username: avery.username, password: WRONG_PASSWORD } });
  const mfa = await send('/v1/session', {
    method: 'POST',
    json: { username: blake.username, password: blake.password, passcode: '13579' },
  });
  const status = await send('/v1/session', { session: secrets.get('Avery session id')! });
  const bodies = [await refused.text(), await mfa.text(), await status.text()].join('\n');
  expect(bodies).toContain(avery.uid);
  expect(leaks(bodies)).toEqual([]);
});
