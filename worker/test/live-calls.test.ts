/** GET and DELETE /v1/calls/{callId} against the simulator's call life: states, id matching, hang-ups, foreign ids, KV cost, limits. */
import {
  CallIdSchema,
  CallStatusResponseSchema,
  ErrorBodySchema,
  PlaceCallResponseSchema,
  SignInResponseSchema,
  type CallStatusResponse,
} from '@voipcom/shared';
import { DEMO_USERS, type CallScript } from '../../simulator/src/index';
import { deviceTag, openCallId, sealCallId } from './call-ids';
import { openPoint } from './audit-vault';
import { startHarness, type Harness } from './harness';
import { openSession, sealSession, sessionKvKey } from './session-vault';

jest.setTimeout(30_000);

const { avery, blake } = DEMO_USERS;
/** Older than the Worker's setup grace (3 s), within its window for calls that never rang (60 s). */
const AFTER_SETUP_MS = 10_000;

let h: Harness;
let session: string;
beforeAll(async () => {
  h = await startHarness({ countKvOps: true });
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.simulator.setFault(null);
  h.simulator.setClockSkew(0);
  h.simulator.clearCalls();
});

/** Dials with the simulator's next call scripted; returns the callId and the call-id the PBX received. */
async function dial(
  script: CallScript,
  body: Record<string, string> = {},
  bearer = session,
): Promise<{ callId: string; pbxCallId: string }> {
  h.simulator.controlNextCall(script);
  const response = await h.fetch('/v1/calls', { method: 'POST', session: bearer, json: { destination: '+14805550123', ...body } });
  expect(response.status).toBe(202);
  const { callId } = PlaceCallResponseSchema.parse(await response.json());
  const pbxCallId = h.simulator.calls().at(-1)!.request['call-id'];
  return { callId, pbxCallId };
}

/** The same call's callId as if it had been dialled `ms` earlier. */
function dialledEarlier(callId: string, ms: number, bearer = session): string {
  const { kid, contents } = openCallId(h.sessionKeys, bearer, callId);
  return sealCallId(h.sessionKeys, kid, bearer, { ...contents, t: contents.t - ms });
}

async function status(callId: string, bearer = session): Promise<CallStatusResponse> {
  const response = await h.fetch(`/v1/calls/${callId}`, { session: bearer });
  expect(response.status).toBe(200);
  return CallStatusResponseSchema.parse(await response.json());
}

function hangUp(callId: string, bearer = session) {
  return h.fetch(`/v1/calls/${callId}`, { method: 'DELETE', session: bearer });
}

async function errorOf(response: { json(): Promise<unknown> }) {
  return ErrorBodySchema.parse(await response.json()).error;
}

describe('the callId', () => {
  test('is opaque and unguessable: it seals the PBX call-id, the number and the dial time for this session only', async () => {
    const before = Date.now();
    const { callId, pbxCallId } = await dial({}, { origination: '1001b' });
    expect(CallIdSchema.safeParse(callId).success).toBe(true);
    expect(pbxCallId).toMatch(/^c2d-[0-9a-f]{32}$/);
    expect(callId).not.toContain(pbxCallId.slice(4));
    const { kid, contents } = openCallId(h.sessionKeys, session, callId);
    expect(kid).toBe('k1');
    expect(contents).toEqual({ p: pbxCallId, d: '+14805550123', t: expect.any(Number), o: deviceTag('1001b') });
    expect(contents.t).toBeGreaterThanOrEqual(before);
    expect(() => openCallId(h.sessionKeys, 'A'.repeat(43), callId)).toThrow();
    const second = await dial({});
    expect(second.callId).not.toBe(callId);
    expect(openCallId(h.sessionKeys, session, second.callId).contents.o).toBe('');
  });
});

describe('GET /v1/calls/{callId}: states', () => {
  test('ringing_you → ringing_them → connected (answeredAt) → ended, as the PBX lists the legs', async () => {
    const { callId, pbxCallId } = await dial({ ringYouMs: null, ringThemMs: null });
    expect(await status(callId)).toEqual({ callId, destination: '+14805550123', state: 'ringing_you' });

    h.simulator.controlCall(pbxCallId, { ringYouMs: 0 });
    expect(await status(callId)).toEqual({ callId, destination: '+14805550123', state: 'ringing_them' });

    const answered = Date.now();
    h.simulator.controlCall(pbxCallId, { ringThemMs: 0 });
    const connected = await status(callId);
    expect(connected).toEqual({ callId, destination: '+14805550123', state: 'connected', answeredAt: expect.any(String) });
    // The PBX reports whole seconds.
    expect(Date.parse(connected.answeredAt!)).toBeGreaterThanOrEqual(Math.floor(answered / 1000) * 1000);
    expect(Date.parse(connected.answeredAt!)).toBeLessThanOrEqual(Date.now());

    h.simulator.controlCall(pbxCallId, { talkMs: 0 });
    const later = dialledEarlier(callId, AFTER_SETUP_MS);
    expect(await status(later)).toEqual({ callId: later, destination: '+14805550123', state: 'ended', reason: 'ended' });
  });

  test('a busy number is failed with a message, while the PBX still lists the busy leg', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, them: 'busy', busyMs: null });
    expect(await status(callId)).toEqual({
      callId,
      destination: '+14805550123',
      state: 'failed',
      reason: 'busy',
      message: 'The number you called is busy. Try again later.',
    });
  });

  test.each([
    ['you decline', { you: 'decline', ringYouMs: 0 }],
    ['your phone rings out', { you: 'no-answer', ringYouMs: 0 }],
    ['they do not answer', { ringYouMs: 0, them: 'no-answer', ringThemMs: 0 }],
    ['the busy tone ends', { ringYouMs: 0, ringThemMs: 0, them: 'busy', busyMs: 0 }],
    ['they hang up', { ringYouMs: 0, ringThemMs: 0, talkMs: 0 }],
  ] satisfies [string, CallScript][])('%s: a call that was listed and is gone is ended', async (_name, script) => {
    const { callId } = await dial(script);
    expect((await status(dialledEarlier(callId, AFTER_SETUP_MS))).state).toBe('ended');
  });

  test('an unregistered phone: ringing_you while the call may still be setting up, then failed naming the phone', async () => {
    const { callId } = await dial({}, { origination: '1001c' });
    expect(h.simulator.calls().at(-1)).toMatchObject({ phase: 'ended', end: 'not-rung' });
    expect((await status(callId)).state).toBe('ringing_you');
    expect(await status(dialledEarlier(callId, AFTER_SETUP_MS))).toMatchObject({
      state: 'failed',
      message: 'Your phone SNAPmobile iOS (1001c) is offline, so the call could not ring it. Choose a phone that is online and dial again.',
    });
  });

  test('no phone online to ring "all my phones": failed; long after the dial a call not listed is just ended, without asking for devices', async () => {
    h.simulator.setDeviceRegistered('1001a', false);
    h.simulator.setDeviceRegistered('1001b', false);
    try {
      const { callId } = await dial({});
      expect(await status(dialledEarlier(callId, AFTER_SETUP_MS))).toMatchObject({
        state: 'failed',
        message: 'None of your phones is online, so the call could not ring you. Start your phone or phone app and dial again.',
      });
      const requests = h.simulator.requestCount();
      expect((await status(dialledEarlier(callId, 120_000))).state).toBe('ended');
      expect(h.simulator.requestCount()).toBe(requests + 1);
    } finally {
      h.simulator.setDeviceRegistered('1001a', true);
      h.simulator.setDeviceRegistered('1001b', true);
    }
  });

  test('an online phone that is not listed any more after the setup grace: ended, not failed', async () => {
    const { callId } = await dial({ you: 'decline', ringYouMs: 0 }, { origination: '1001a' });
    expect((await status(dialledEarlier(callId, AFTER_SETUP_MS))).state).toBe('ended');
  });
});

describe('GET /v1/calls/{callId}: finding our call', () => {
  const connected: CallScript = { ringYouMs: 0, ringThemMs: 0 };

  test("our call-id as the PBX's call-orig-call-id (the description's example)", async () => {
    const { callId } = await dial({ ...connected, ids: 'ours' });
    expect((await status(callId)).state).toBe('connected');
  });

  test('the PBX names the call itself and keeps our call-id only in call-by-call-id', async () => {
    const { callId } = await dial({ ...connected, ids: 'pbx' });
    expect((await status(callId)).state).toBe('connected');
  });

  test('no id field holds our call-id: found by the number and the start time', async () => {
    const { callId } = await dial({ ...connected, ids: 'none' });
    expect((await status(callId)).state).toBe('connected');
    // A listed call to another number is not ours.
    const other = await dial({ ringYouMs: null, ids: 'none' }, { destination: '+14805550124' });
    expect((await status(other.callId)).state).toBe('ringing_you');
    h.simulator.controlCall(other.pbxCallId, { ringYouMs: 0, ringThemMs: null });
    expect((await status(other.callId)).state).toBe('ringing_them');
  });

  test('by number, a call whose start is 60 s off the dial is not ours', async () => {
    const { callId } = await dial({ ...connected, ids: 'none' });
    const later = dialledEarlier(callId, AFTER_SETUP_MS);
    expect((await status(later)).state).toBe('connected');
    h.simulator.setClockSkew(60_000);
    expect((await status(later)).state).toBe('ended');
    // With our call-id listed, the PBX's clock does not matter.
    const listed = await dial({ ...connected, ids: 'pbx' });
    expect((await status(dialledEarlier(listed.callId, AFTER_SETUP_MS))).state).toBe('connected');
  });

  test("the description's example field names (orig_callid, term_call_info, time_answer) are read too", async () => {
    const { callId } = await dial({ ...connected, spelling: 'example' });
    expect(await status(callId)).toMatchObject({ state: 'connected', answeredAt: expect.any(String) });
    const ringing = await dial({ ringYouMs: 0, ringThemMs: null, spelling: 'example', ids: 'none' });
    expect((await status(ringing.callId)).state).toBe('ringing_them');
  });
});

describe('DELETE /v1/calls/{callId}', () => {
  test('cancels a ringing call and hangs up a connected one: 204, the PBX disconnects it', async () => {
    const ringing = await dial({ ringYouMs: null });
    expect((await hangUp(ringing.callId)).status).toBe(204);
    const connected = await dial({ ringYouMs: 0, ringThemMs: 0 });
    expect((await hangUp(connected.callId)).status).toBe(204);
    expect(h.simulator.calls().map((call) => call.end)).toEqual(['disconnected', 'disconnected']);
  });

  test('idempotent: an ended call (hung up here, or by the far end) is 204 too, and nothing else is disconnected', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0 });
    expect((await hangUp(callId)).status).toBe(204);
    expect((await hangUp(callId)).status).toBe(204);
    const gone = await dial({ ringYouMs: 0, ringThemMs: 0, talkMs: 0 });
    const bystander = await dial({ ringYouMs: null });
    expect((await hangUp(gone.callId)).status).toBe(204);
    expect(h.simulator.calls().map((call) => call.end)).toEqual(['disconnected', 'they-hung-up', null]);
    expect((await status(bystander.callId)).state).toBe('ringing_you');
  });

  test.each(['pbx', 'none'] as const)("ids '%s': the PBX refuses our call-id, so the call is disconnected by its own id", async (ids) => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, ids });
    const requests = h.simulator.requestCount();
    expect((await hangUp(callId)).status).toBe(204);
    expect(h.simulator.calls().at(-1)?.end).toBe('disconnected');
    // DELETE ours (404), list, DELETE theirs.
    expect(h.simulator.requestCount()).toBe(requests + 3);
  });

  test('a PBX that refuses every id of a call it still lists: 502 with a message, rather than a pretended hang-up', async () => {
    const { callId } = await dial({ ringYouMs: null });
    h.simulator.setFault({ fault: { kind: 'status', status: 404 }, pathPrefix: '/domains/~/users/~/calls/' });
    const response = await hangUp(callId);
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({
      code: 'upstream_error',
      message: 'The phone system did not end the call. Hang up on your phone.',
    });
    expect(h.simulator.calls().at(-1)?.end).toBeNull();
  });
});

describe('only the session that placed a call can read or end it', () => {
  test("another session's callId (same user or another) is 404 call_not_found, like a forged one, and the PBX is not asked", async () => {
    const { callId } = await dial({ ringYouMs: null });
    const sameUser = await h.signIn();
    const otherUser = await h.signIn(blake);
    const forged = `${callId.slice(0, 40)}${callId[40] === 'A' ? 'B' : 'A'}${callId.slice(41)}`;
    const requests = h.simulator.requestCount();
    const answers = [];
    for (const [bearer, id] of [
      [sameUser, callId],
      [otherUser, callId],
      [session, forged],
      [session, 'A'.repeat(22)],
    ] as const) {
      for (const method of ['GET', 'DELETE']) {
        const response = await h.fetch(`/v1/calls/${id}`, { method, session: bearer });
        expect(response.status).toBe(404);
        answers.push(await errorOf(response));
      }
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
      new Set([JSON.stringify({ code: 'call_not_found', message: 'There is no such call.' })]),
    );
    expect(h.simulator.requestCount()).toBe(requests);
    expect(h.simulator.calls().at(-1)?.end).toBeNull();
  });

  test('an id that is not a callId is 404 too; no session is 401; other methods are 405', async () => {
    expect((await errorOf(await h.fetch('/v1/calls/short', { session }))).code).toBe('call_not_found');
    expect((await errorOf(await h.fetch(`/v1/calls/${'%2F'.repeat(10)}`, { session }))).code).toBe('call_not_found');
    expect((await h.fetch(`/v1/calls/${'A'.repeat(30)}`)).status).toBe(401);
    const put = await h.fetch(`/v1/calls/${'A'.repeat(30)}`, { method: 'PUT', session });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('GET, DELETE, OPTIONS');
    expect((await errorOf(await h.fetch('/v1/calls/', { session }))).code).toBe('not_found');
  });
});

describe('cost, limits and failures', () => {
  test('a status read and a hang-up cost one KV read and no write, even when the session is due for its daily slide', async () => {
    const { callId } = await dial({ ringYouMs: null });
    // Last written two days ago: any other authenticated request would rewrite it now.
    const kv = await h.kv('SESSIONS');
    const key = sessionKvKey(session);
    const { kid, record } = openSession(h.sessionKeys, key, (await kv.get(key, 'text')) ?? '');
    const lastWrite = Math.floor(Date.now() / 1000) - 2 * 86_400;
    await kv.put(key, sealSession(h.sessionKeys, kid, key, record), { metadata: { lastWrite }, expiration: lastWrite + 30 * 86_400 });

    h.resetKvOps();
    await status(callId);
    expect(h.kvOps()).toEqual({ reads: 1, writes: 0, deletes: 0, lists: 0 });
    h.resetKvOps();
    expect((await hangUp(callId)).status).toBe(204);
    expect(h.kvOps()).toEqual({ reads: 1, writes: 0, deletes: 0, lists: 0 });
    // The next dial slides it as before.
    h.resetKvOps();
    await dial({});
    expect(h.kvOps().writes).toBeGreaterThan(0);
  });

  test('status reads and hang-ups write no audit point: the next dial writes the only new one', async () => {
    const { callId } = await dial({ ringYouMs: null });
    await h.waitForAuditPoints(1);
    h.clearAuditPoints();
    await status(callId);
    await status(callId);
    expect((await hangUp(callId)).status).toBe(204);
    await dial({}, { destination: '+14805550125' });
    const points = await h.waitForAuditPoints(1);
    expect(points).toHaveLength(1);
    // Audit points are sealed (worker/STORAGE.md, Dial audit trail): opened, it is the second dial's.
    expect((await openPoint(await h.kv('AUDIT_ARCHIVE'), h.auditKeys, points[0]))?.destination).toBe('+14805550125');
  });

  test('CALL_STATUS_LIMITER: 429 with Retry-After past the limit, before the PBX is asked; dials and other sessions unaffected', async () => {
    await h.reconfigure({ rateLimits: { CALL_STATUS_LIMITER: { limit: 3, period: 60 } } });
    try {
      const { callId } = await dial({ ringYouMs: null });
      for (let i = 0; i < 3; i++) await status(callId);
      const requests = h.simulator.requestCount();
      for (const method of ['GET', 'DELETE']) {
        const response = await h.fetch(`/v1/calls/${callId}`, { method, session });
        expect(response.status).toBe(429);
        expect(response.headers.get('Retry-After')).toBe('60');
        expect(await errorOf(response)).toEqual({
          code: 'rate_limited',
          message: 'Too many call updates in a short time. Wait a minute and try again.',
        });
      }
      expect(h.simulator.requestCount()).toBe(requests);
      await dial({ ringYouMs: null });
      const other = await h.signIn();
      const theirs = await dial({ ringYouMs: null }, {}, other);
      expect((await status(theirs.callId, other)).state).toBe('ringing_you');
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });

  test('the deployed limit (wrangler.toml) lets a session poll 120 times a minute: one poll a second from the popup and one from the background', async () => {
    await h.reconfigure({ rateLimits: 'wrangler.toml' });
    try {
      const ip = '198.51.100.77';
      const signedIn = await h.fetch('/v1/session', { method: 'POST', ip, json: { username: avery.username, password: avery.password } });
      const poller = SignInResponseSchema.parse(await signedIn.json()).session;
      const { callId } = await dial({ ringYouMs: null }, {}, poller);
      const statuses: number[] = [];
      for (let i = 0; i < 121; i++) {
        const response = await h.fetch(`/v1/calls/${callId}`, { session: poller, ip });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 120)).toEqual(Array(120).fill(200));
      expect(statuses[120]).toBe(429);
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });

  test('the PBX failing during polling: 502/504 with a message the user can read', async () => {
    const { callId } = await dial({ ringYouMs: null });
    h.simulator.setFault({ fault: { kind: 'status', status: 503 }, pathPrefix: '/domains' });
    let response = await h.fetch(`/v1/calls/${callId}`, { session });
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({
      code: 'upstream_error',
      message: 'The phone system is having trouble (HTTP 503); try again in a minute.',
    });
    h.simulator.setFault({ fault: { kind: 'html' }, pathPrefix: '/domains' });
    response = await h.fetch(`/v1/calls/${callId}`, { session });
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_error');
    h.simulator.setFault(null);
    expect((await status(callId)).state).toBe('ringing_you');
  });

  test('the PBX no longer taking the access token: one refresh, one retry, the state', async () => {
    const { callId } = await dial({ ringYouMs: null });
    h.simulator.expireAccessTokens();
    const requests = h.simulator.requestCount();
    expect((await status(callId)).state).toBe('ringing_you');
    // list (401), refresh, list again.
    expect(h.simulator.requestCount()).toBe(requests + 3);
  });
});
