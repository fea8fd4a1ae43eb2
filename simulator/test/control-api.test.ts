/** The /_sim/ HTTP controls, for tests that run the simulator as a separate process. */
import type { Simulator } from '../src/index';
import { avery, getWithToken, json, postJson, refreshGrant, signIn, start } from './helpers';

describe('/_sim/ controls', () => {
  let sim: Simulator;
  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${sim.origin}/_sim/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('GET health reports the NetSapiens request count', async () => {
    const before = sim.requestCount();
    await fetch(`${sim.apiBase}/nothing`);
    const response = await control('health', 'GET');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ ok: true, requestCount: before + 1 });
  });

  it('GET calls lists recorded calls, DELETE calls clears them', async () => {
    const { access_token } = await signIn(sim, avery);
    const body = { synchronous: 'no', 'call-id': 'ctl-1', 'call-term-user': '14805550100' };
    await postJson(`${sim.apiBase}/domains/~/users/~/calls`, body, access_token);

    const listed = await control('calls', 'GET');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expect.objectContaining({ uid: avery.uid, request: body })]);

    expect((await control('calls', 'DELETE')).status).toBe(204);
    expect(await (await control('calls', 'GET')).json()).toEqual([]);
    expect(sim.calls()).toEqual([]);
  });

  it('PUT fault sets a rule and DELETE fault clears it', async () => {
    expect((await control('fault', 'PUT', { fault: { kind: 'status', status: 503 }, pathPrefix: '/tokens' })).status).toBe(204);
    expect((await postJson(`${sim.apiBase}/tokens`, {})).status).toBe(503);
    expect((await control('fault', 'DELETE')).status).toBe(204);
    expect((await postJson(`${sim.apiBase}/tokens`, {})).status).toBe(400);
  });

  it('PUT fault answers 400 for an invalid rule and keeps none', async () => {
    const response = await control('fault', 'PUT', { fault: { kind: 'status' } });
    expect(response.status).toBe(400);
    expect((await json(response))['code']).toBe(400);
    expect((await postJson(`${sim.apiBase}/tokens`, {})).status).toBe(400);
  });

  it('POST expire-tokens expires access tokens; POST revoke-refresh-tokens voids refresh tokens', async () => {
    const { access_token, refresh_token } = await signIn(sim, avery);
    const me = `${sim.apiBase}/domains/~/users/~`;
    expect((await getWithToken(me, access_token)).status).toBe(200);

    expect((await control('expire-tokens', 'POST')).status).toBe(204);
    expect((await getWithToken(me, access_token)).status).toBe(401);

    expect((await control('revoke-refresh-tokens', 'POST')).status).toBe(204);
    const refreshed = await postJson(`${sim.apiBase}/tokens`, refreshGrant(refresh_token));
    expect(refreshed.status).toBe(401);
  });

  it('PUT next-call scripts the next call, PATCH calls/{call-id} moves it, DELETE next-call forgets a script', async () => {
    const { access_token } = await signIn(sim, avery);
    const calls = `${sim.apiBase}/domains/~/users/~/calls`;
    const place = (callId: string) =>
      postJson(calls, { synchronous: 'no', 'call-id': callId, 'call-term-user': '14805550100' }, access_token);
    expect((await control('next-call', 'PUT', { ringYouMs: null, ids: 'pbx' })).status).toBe(204);
    await place('ctl-2');
    expect(sim.calls().at(-1)).toMatchObject({ phase: 'ringing-you' });

    expect((await control('calls/ctl-2', 'PATCH', { you: 'decline', ringYouMs: 0 })).status).toBe(204);
    expect(sim.calls().at(-1)).toMatchObject({ phase: 'ended', end: 'you-declined' });

    expect((await control('next-call', 'PUT', { you: 'decline', ringYouMs: 0 })).status).toBe(204);
    expect((await control('next-call', 'DELETE')).status).toBe(204);
    await place('ctl-3');
    expect(sim.calls().at(-1)).toMatchObject({ phase: 'ringing-you', end: null });
  });

  it('PUT devices/{device} registers or unregisters a phone', async () => {
    const { access_token } = await signIn(sim, avery);
    const states = async () =>
      ((await (await getWithToken(`${sim.apiBase}/domains/~/users/~/devices`, access_token)).json()) as Record<string, string>[]).map(
        (device) => device['device-sip-registration-state'],
      );
    expect(await states()).toEqual(['registered', 'registered', 'unregistered']);
    expect((await control('devices/1001a', 'PUT', { registered: false })).status).toBe(204);
    expect(await states()).toEqual(['unregistered', 'registered', 'unregistered']);
    expect((await control('devices/1001a', 'PUT', { registered: true })).status).toBe(204);
    expect(await states()).toEqual(['registered', 'registered', 'unregistered']);
  });

  it('PUT clock-skew shifts the datetimes the PBX reports', async () => {
    const { access_token } = await signIn(sim, avery);
    const calls = `${sim.apiBase}/domains/~/users/~/calls`;
    expect((await control('clock-skew', 'PUT', { ms: -7_200_000 })).status).toBe(204);
    try {
      await postJson(calls, { synchronous: 'no', 'call-id': 'ctl-skew', 'call-term-user': '14805550100' }, access_token);
      const listed = (await (await getWithToken(calls, access_token)).json()) as Record<string, string>[];
      const started = listed.find((call) => call['call-orig-call-id'] === 'ctl-skew')?.['call-start-datetime'] ?? '';
      expect(Date.parse(`${started.replace(' ', 'T')}Z`)).toBeLessThan(Date.now() - 7_000_000);
    } finally {
      await control('clock-skew', 'PUT', { ms: 0 });
    }
  });

  it.each([
    ['next-call', 'PUT', { ringYouMs: -1 }],
    ['next-call', 'PUT', { you: 'maybe' }],
    ['next-call', 'PUT', { unknown: 1 }],
    ['calls/ctl-2', 'PATCH', { talkMs: 'long' }],
    ['devices/1001a', 'PUT', { registered: 'yes' }],
    ['clock-skew', 'PUT', { ms: 1.5 }],
  ])('%s %s answers 400 for %j', async (path, method, body) => {
    const response = await control(path, method, body);
    expect(response.status).toBe(400);
    expect((await json(response))['code']).toBe(400);
  });

  it('answers 404 for a call or device the simulator does not have', async () => {
    const call = await control('calls/nobody', 'PATCH', { talkMs: 0 });
    expect(call.status).toBe(404);
    expect(await json(call)).toEqual({ code: 404, message: 'No call with call-id nobody' });
    expect((await control('devices/9999z', 'PUT', { registered: true })).status).toBe(404);
    expect((await control('devices/', 'PUT', { registered: true })).status).toBe(404);
  });

  it('answers 404 for an unknown control and 405 for a wrong method', async () => {
    const unknown = await control('reboot', 'POST');
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ code: 404, message: 'Not Found' });
    const wrongMethod = await control('expire-tokens', 'GET');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
