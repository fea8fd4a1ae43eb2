/** POST /v1/calls and GET /v1/devices against the simulator, with the dial audit points they write. */
import { DevicesResponseSchema, ErrorBodySchema, PlaceCallResponseSchema, SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { openPoint, pseudonymOf, type OpenedDial } from './audit-vault';
import { startHarness, type Harness } from './harness';

jest.setTimeout(30_000);

const avery = DEMO_USERS.avery;

let h: Harness;
let session: string;
beforeAll(async () => {
  h = await startHarness();
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.simulator.setFault(null);
  h.simulator.clearCalls();
});

async function errorOf(response: { json(): Promise<unknown> }) {
  return ErrorBodySchema.parse(await response.json()).error;
}

function dial(body: unknown, bearer = session) {
  return h.fetch('/v1/calls', { method: 'POST', session: bearer, json: body });
}

/** Dials and returns the response with the one audit point the request wrote, opened (worker/STORAGE.md). */
async function dialAudited(
  body: unknown,
  bearer = session,
): Promise<{ status: number; json: unknown; point: OpenedDial; startedAt: number; endedAt: number }> {
  const before = h.auditPoints().length;
  const startedAt = Date.now();
  const response = await dial(body, bearer);
  const json: unknown = await response.json();
  const endedAt = Date.now();
  const points = await h.waitForAuditPoints(before + 1);
  expect(points).toHaveLength(before + 1);
  const point = await openPoint(await h.kv('AUDIT_ARCHIVE'), h.auditKeys, points[before]);
  if (point === null) throw new Error('the audit point does not open');
  return { status: response.status, json, point, startedAt, endedAt };
}

/** `auditCode`: the failure's audit code (worker/src/http/failure.ts), never the English message; '' when placed. */
function expectPoint(point: OpenedDial, destination: string, placed: boolean, auditCode: string, startedAt: number, endedAt: number) {
  expect(point).toMatchObject({ pseudonym: pseudonymOf(h.auditKeys, avery.uid), destination, placed, error: auditCode });
  expect(point.at).toBeGreaterThanOrEqual(startedAt - 1000);
  expect(point.at).toBeLessThanOrEqual(endedAt + 1000);
}

describe('placing calls', () => {
  test('an E.164 number is sent to the PBX as digits with a fresh call id of its own, not the callId; 202', async () => {
    const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550123' });
    expect(status).toBe(202);
    const body = PlaceCallResponseSchema.parse(json);
    expect(body.destination).toBe('+14805550123');
    const calls = h.simulator.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ uid: avery.uid, user: avery.user, domain: avery.domain });
    expect(calls[0].request).toEqual({
      synchronous: 'no',
      'call-id': expect.stringMatching(/^c2d-[0-9a-f]{32}$/),
      'call-term-user': '14805550123',
      'call-orig-user': '',
    });
    expectPoint(point, '+14805550123', true, '', startedAt, endedAt);

    const second = PlaceCallResponseSchema.parse(await (await dial({ destination: '+442079460018' })).json());
    expect(second.callId).not.toBe(body.callId);
    expect(body.callId).not.toContain(calls[0].request['call-id'].slice(4));
    expect(h.simulator.calls()[1].request['call-id']).not.toBe(calls[0].request['call-id']);
    expect(second.destination).toBe('+442079460018');
  });

  test('an own device rings first; any other origination is refused before the PBX is asked to call', async () => {
    const device = avery.devices[1].device;
    const response = await dial({ destination: '+14805550124', origination: device });
    expect(response.status).toBe(202);
    await response.arrayBuffer();
    expect(h.simulator.calls()[0].request['call-orig-user']).toBe(device);

    const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550125', origination: '14155550100' });
    expect(status).toBe(400);
    expect(ErrorBodySchema.parse(json).error.code).toBe('invalid_request');
    expect(h.simulator.calls()).toHaveLength(1);
    expectPoint(point, '+14805550125', false, 'not_own_device', startedAt, endedAt);
  });

  test('an E.164 string that is not a valid number is 400 invalid_number with a human message, audited as refused', async () => {
    // +1 480 555 012: one digit short for North America.
    const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+1480555012' });
    expect(status).toBe(400);
    const error = ErrorBodySchema.parse(json).error;
    expect(error.code).toBe('invalid_number');
    expect(error.message).toBe('That is not a phone number that can be dialled. Check the country code and the number of digits.');
    expect(h.simulator.calls()).toHaveLength(0);
    expectPoint(point, '+1480555012', false, 'not_a_valid_number', startedAt, endedAt);
  });

  test('a body without a destination is 400 invalid_request, audited with an empty destination', async () => {
    const { status, json, point, startedAt, endedAt } = await dialAudited({ number: '4805550123' });
    expect(status).toBe(400);
    const error = ErrorBodySchema.parse(json).error;
    expect(error.code).toBe('invalid_request');
    expectPoint(point, '', false, 'invalid_input', startedAt, endedAt);
  });

  test('an expired or unknown session is 401 and writes no audit point', async () => {
    const before = h.auditPoints().length;
    const response = await dial({ destination: '+14805550123' }, 'B'.repeat(43));
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('session_expired');
    // The next audited dial is the only new point.
    const { point } = await dialAudited({ destination: '+14805550126' });
    expect(h.auditPoints()).toHaveLength(before + 1);
    expect(point.destination).toBe('+14805550126');
  });

  test('PBX 401 (token expired there) → one refresh, one retry, call placed', async () => {
    h.simulator.expireAccessTokens();
    const requestsBefore = h.simulator.requestCount();
    const response = await dial({ destination: '+14805550127' });
    expect(response.status).toBe(202);
    await response.arrayBuffer();
    expect(h.simulator.calls()).toHaveLength(1);
    // call (401), refresh, call again.
    expect(h.simulator.requestCount()).toBe(requestsBefore + 3);
    const again = await dial({ destination: '+14805550128' });
    expect(again.status).toBe(202);
    await again.arrayBuffer();
  });

  test('a PBX 5xx is 502 upstream_error, audited with its code', async () => {
    h.simulator.setFault({ fault: { kind: 'status', status: 503 }, pathPrefix: '/domains' });
    const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550129' });
    expect(status).toBe(502);
    const error = ErrorBodySchema.parse(json).error;
    expect(error.code).toBe('upstream_error');
    expect(error.message).toBe('The phone system is having trouble (HTTP 503); try again in a minute.');
    expectPoint(point, '+14805550129', false, 'pbx_failing:503', startedAt, endedAt);
  });

  test.each([
    ['an HTML page', { kind: 'html' } as const],
    ['malformed JSON', { kind: 'malformed-json' } as const],
  ])('%s with status 200 to the call request is 502, not a placed call', async (_name, fault) => {
    h.simulator.setFault({ fault, pathPrefix: '/domains' });
    const { status, json, point } = await dialAudited({ destination: '+14805550137' });
    expect(status).toBe(502);
    expect(ErrorBodySchema.parse(json).error.code).toBe('upstream_error');
    expect(point.placed).toBe(false);
  });

  test('an HTML answer to GET devices is 502', async () => {
    h.simulator.setFault({ fault: { kind: 'html' }, pathPrefix: '/domains' });
    const response = await h.fetch('/v1/devices', { session });
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_error');
  });

  test('GET /v1/devices lists the devices as {id, label, online}, nothing else', async () => {
    const response = await h.fetch('/v1/devices', { session });
    expect(response.status).toBe(200);
    const body = DevicesResponseSchema.parse(await response.json());
    expect(body.devices.map((device) => device.id)).toEqual(avery.devices.map((device) => device.device));
    expect(body.devices[0]).toEqual({ id: '1001a', label: 'Yealink T54W (1001a)', online: true });
    expect(JSON.stringify(body)).not.toContain('not-a-secret');
  });

  test('online follows device-sip-registration-state: "registered" is online, "unregistered" is not', async () => {
    const online = async () =>
      DevicesResponseSchema.parse(await (await h.fetch('/v1/devices', { session })).json()).devices.map((device) => device.online);
    expect(await online()).toEqual([true, true, false]);
    h.simulator.setDeviceRegistered('1001a', false);
    h.simulator.setDeviceRegistered('1001c', true);
    try {
      expect(await online()).toEqual([false, true, true]);
    } finally {
      h.simulator.setDeviceRegistered('1001a', true);
      h.simulator.setDeviceRegistered('1001c', false);
    }
  });
});

describe('limits and timeouts', () => {
  test('a PBX slower than NS_TIMEOUT_MS is 504, audited', async () => {
    await h.reconfigure({ vars: { NS_TIMEOUT_MS: '300' } });
    try {
      h.simulator.setFault({ fault: { kind: 'delay', ms: 5_000 }, pathPrefix: '/domains', times: 1 });
      const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550130' });
      expect(status).toBe(504);
      const error = ErrorBodySchema.parse(json).error;
      expect(error.code).toBe('upstream_timeout');
      expectPoint(point, '+14805550130', false, 'pbx_timeout', startedAt, endedAt);
    } finally {
      await h.reconfigure({ vars: {} });
    }
  });

  test('the dial limit per session: 429 with Retry-After, audited, and other sessions unaffected', async () => {
    await h.reconfigure({ rateLimits: { DIAL_LIMITER: { limit: 2, period: 60 } } });
    try {
      for (const number of ['+14805550131', '+14805550132']) {
        const response = await dial({ destination: number });
        expect(response.status).toBe(202);
        await response.arrayBuffer();
      }
      const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550133' });
      expect(status).toBe(429);
      const error = ErrorBodySchema.parse(json).error;
      expect(error.code).toBe('rate_limited');
      expectPoint(point, '+14805550133', false, 'limited:dial_session', startedAt, endedAt);
      expect(h.simulator.calls()).toHaveLength(2);

      const other = await h.signIn();
      const response = await dial({ destination: '+14805550134' }, other);
      expect(response.status).toBe(202);
      await response.arrayBuffer();
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });

  test('the dial limit per account: more sign-ins of one account give no more dials; another account is unaffected', async () => {
    await h.reconfigure({ rateLimits: { ACCOUNT_DIAL_LIMITER: { limit: 3, period: 60 } } });
    try {
      const second = await h.signIn();
      for (const [bearer, number] of [
        [session, '+14805550141'],
        [second, '+14805550143'],
        [session, '+14805550144'],
      ] as const) {
        const response = await dial({ destination: number }, bearer);
        expect(response.status).toBe(202);
        await response.arrayBuffer();
      }
      // A fresh sign-in does not reset the account's count either.
      const third = await h.signIn();
      const { status, json, point, startedAt, endedAt } = await dialAudited({ destination: '+14805550145' }, third);
      expect(status).toBe(429);
      const error = ErrorBodySchema.parse(json).error;
      expect(error).toEqual({
        code: 'rate_limited',
        message: 'Too many calls from your account in a short time. Wait a minute and try again.',
        reason: 'limit_reached',
      });
      expectPoint(point, '+14805550145', false, 'limited:dial_account', startedAt, endedAt);
      expect(h.simulator.calls()).toHaveLength(3);

      const blake = DEMO_USERS.blake;
      const signedIn = await h.fetch('/v1/session', {
        method: 'POST',
        json: { username: blake.username, password: blake.password, passcode: blake.mfaPasscode },
      });
      const response = await dial({ destination: '+14805550146' }, SignInResponseSchema.parse(await signedIn.json()).session);
      expect(response.status).toBe(202);
      await response.arrayBuffer();
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });

  test('a 429 answer carries Retry-After', async () => {
    await h.reconfigure({ rateLimits: { DIAL_LIMITER: { limit: 1, period: 60 } } });
    try {
      await (await dial({ destination: '+14805550135' })).arrayBuffer();
      const response = await dial({ destination: '+14805550136' });
      expect(response.status).toBe(429);
      expect(response.headers.get('Retry-After')).toBe('60');
      await response.arrayBuffer();
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });
});
