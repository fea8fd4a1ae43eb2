/** A call's life: the default timeline, every path through the controls, read and disconnect by id, unregistered phones, id fields and spellings. */
import { CallLife } from '../src/call-life';
import type { CallScript, Simulator } from '../src/index';
import { SPEC } from './spec-validator';
import { avery, blake, getWithToken, json, postJson, signIn, start } from './helpers';

describe('CallLife (the timeline, evaluated at given times)', () => {
  it('by default: your phone rings 2 s, the far end 3 s, then the call stays connected', () => {
    const life = new CallLife({}, 10_000, null);
    expect(life.at(11_999)).toEqual({ phase: 'ringing-you', end: null, answeredAt: null });
    expect(life.at(12_000).phase).toBe('ringing-them');
    expect(life.at(14_999).phase).toBe('ringing-them');
    expect(life.at(15_000)).toEqual({ phase: 'connected', end: null, answeredAt: 15_000 });
    expect(life.at(10_000_000)).toEqual({ phase: 'connected', end: null, answeredAt: 15_000 });
  });

  it.each([
    [{ you: 'decline' }, 2_000, 'you-declined'],
    [{ you: 'no-answer', ringYouMs: 30_000 }, 30_000, 'you-did-not-answer'],
    [{ them: 'no-answer' }, 5_000, 'they-did-not-answer'],
    [{ them: 'busy', busyMs: 1_000 }, 6_000, 'busy'],
    [{ them: 'decline', busyMs: 1_000 }, 6_000, 'they-declined'],
    [{ talkMs: 60_000 }, 65_000, 'they-hung-up'],
    [{ talkMs: 60_000, hangUp: 'you' }, 65_000, 'you-hung-up'],
  ] satisfies [CallScript, number, string][])('%j ends at %i ms as %s', (script, endsAt, end) => {
    const life = new CallLife(script, 0, null);
    expect(life.at(endsAt - 1).phase).not.toBe('ended');
    expect(life.at(endsAt)).toMatchObject({ phase: 'ended', end });
  });

  it('a busy far end is listed as busy until the busy tone ends', () => {
    const life = new CallLife({ them: 'busy' }, 0, null);
    expect(life.at(5_000).phase).toBe('busy');
    expect(life.at(8_999).phase).toBe('busy');
    expect(life.at(9_000)).toMatchObject({ phase: 'ended', end: 'busy' });
  });

  it('a null duration holds the phase; a control that sets it counts from now; other changes keep the phase clock', () => {
    const life = new CallLife({ ringYouMs: null }, 0, null);
    expect(life.at(1_000_000).phase).toBe('ringing-you');
    life.control({ ringYouMs: 500 }, 1_000_000);
    expect(life.at(1_000_499).phase).toBe('ringing-you');
    expect(life.at(1_000_500).phase).toBe('ringing-them');
    // Changing a later phase does not restart the far end's ringing (3 s from 1 000 500).
    life.control({ talkMs: 10 }, 1_002_000);
    expect(life.at(1_003_499).phase).toBe('ringing-them');
    expect(life.at(1_003_500)).toEqual({ phase: 'connected', end: null, answeredAt: 1_003_500 });
    expect(life.at(1_003_510)).toMatchObject({ phase: 'ended', end: 'they-hung-up' });
  });

  it('a phone that cannot ring ends the call at once; disconnect ends a live call once', () => {
    expect(new CallLife({}, 0, 'not-rung').at(0)).toEqual({ phase: 'ended', end: 'not-rung', answeredAt: null });
    expect(new CallLife({}, 0, 'dnd').at(0)).toEqual({ phase: 'ended', end: 'dnd', answeredAt: null });
    const life = new CallLife({}, 0, null);
    expect(life.disconnect(100)).toBe(true);
    expect(life.disconnect(200)).toBe(false);
    expect(life.at(10_000)).toMatchObject({ phase: 'ended', end: 'disconnected' });
  });
});

describe('calls over HTTP', () => {
  let sim: Simulator;
  let averyToken: string;
  let blakeToken: string;
  const calls = () => `${sim.apiBase}/domains/~/users/~/calls`;
  const place = (callId: string, overrides: Record<string, string> = {}, token = averyToken) =>
    postJson(calls(), { synchronous: 'no', 'call-id': callId, 'call-term-user': '14805550100', ...overrides }, token);
  const listed = async (token = averyToken) => (await (await getWithToken(calls(), token)).json()) as Record<string, string>[];
  const del = (callId: string, token = averyToken) =>
    fetch(`${calls()}/${encodeURIComponent(callId)}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    sim = await start();
    averyToken = (await signIn(sim, avery)).access_token;
    blakeToken = (await signIn(sim, blake)).access_token;
  });
  beforeEach(() => sim.clearCalls());
  afterAll(() => sim.close());

  it('walks ringing you → ringing them → connected → ended as the controls move it', async () => {
    sim.controlNextCall({ ringYouMs: null, ringThemMs: null });
    expect((await place('walk-1')).status).toBe(202);
    const states = async () =>
      (await listed()).map((call) => [call['call-orig-info'], call['term-orig-info'], call['call-answer-datetime']]);
    expect(await states()).toEqual([['alerting', '', '']]);
    expect(sim.calls()[0]).toMatchObject({ phase: 'ringing-you', end: null });

    sim.controlCall('walk-1', { ringYouMs: 0 });
    expect(await states()).toEqual([['active', 'alerting', '']]);

    const before = Date.now();
    sim.controlCall('walk-1', { ringThemMs: 0 });
    const [[orig, term, answered]] = (await states()) as [[string, string, string]];
    expect([orig, term]).toEqual(['active', 'active']);
    expect(answered).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(`${answered.replace(' ', 'T')}Z`)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);

    sim.controlCall('walk-1', { talkMs: 0, hangUp: 'you' });
    expect(await listed()).toEqual([]);
    expect(sim.calls()[0]).toMatchObject({ phase: 'ended', end: 'you-hung-up' });
  });

  it('a busy far end is listed with term-orig-info "busy", then ends', async () => {
    sim.controlNextCall({ ringYouMs: 0, ringThemMs: 0, them: 'busy', busyMs: null });
    await place('busy-1');
    expect((await listed()).map((call) => call['term-orig-info'])).toEqual(['busy']);
    sim.controlCall('busy-1', { busyMs: 0 });
    expect(await listed()).toEqual([]);
    expect(sim.calls()[0]?.end).toBe('busy');
  });

  it.each([
    [{ you: 'decline', ringYouMs: 0 }, 'you-declined'],
    [{ you: 'no-answer', ringYouMs: 0 }, 'you-did-not-answer'],
    [{ ringYouMs: 0, them: 'no-answer', ringThemMs: 0 }, 'they-did-not-answer'],
  ] satisfies [CallScript, string][])('%j: the call is no longer listed and ended as %s', async (script, end) => {
    sim.controlNextCall(script);
    await place('gone-1');
    expect(await listed()).toEqual([]);
    expect(sim.calls()).toEqual([expect.objectContaining({ phase: 'ended', end })]);
  });

  it('reads one call and disconnects it by its call-orig-call-id; then both are 404; another user cannot', async () => {
    sim.controlNextCall({ ringYouMs: null });
    await place('one-1');
    const read = await getWithToken(`${calls()}/one-1`, averyToken);
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({ 'call-orig-call-id': 'one-1', 'call-orig-info': 'alerting' });

    const blakes = await del('one-1', blakeToken);
    expect(blakes.status).toBe(404);
    expect(await json(blakes)).toEqual({ code: 404, message: 'Call Not Found' });
    expect(await listed()).toHaveLength(1);

    const disconnected = await del('one-1');
    expect(disconnected.status).toBe(200);
    expect(await disconnected.json()).toEqual({});
    expect(sim.calls()[0]).toMatchObject({ phase: 'ended', end: 'disconnected' });
    expect((await getWithToken(`${calls()}/one-1`, averyToken)).status).toBe(404);
    expect((await del('one-1')).status).toBe(404);
  });

  it("ids 'pbx': the PBX names the call itself and keeps our call-id only in call-by-call-id", async () => {
    sim.controlNextCall({ ids: 'pbx' });
    await place('ours-1');
    const [call] = await listed();
    expect(call?.['call-by-call-id']).toBe('ours-1');
    const pbxId = call?.['call-orig-call-id'] ?? '';
    expect(pbxId).toMatch(/^\d{20}-[0-9a-f]{32}$/);
    expect(
      Object.entries(call ?? {})
        .filter(([, value]) => value === 'ours-1')
        .map(([key]) => key),
    ).toEqual(['call-by-call-id']);
    expect((await del('ours-1')).status).toBe(404);
    expect((await del(pbxId)).status).toBe(200);
  });

  it("ids 'none': no field holds our call-id; number and start time still do", async () => {
    sim.controlNextCall({ ids: 'none' });
    await place('ours-2', { 'call-term-user': '14805550177' });
    const [call] = await listed();
    expect(Object.values(call ?? {})).not.toContain('ours-2');
    expect(call).toMatchObject({ 'call-dialed-number': '14805550177', 'call-term-user': '14805550177' });
  });

  it("spelling 'example': the fields of the description's ActiveCall example, and no others", async () => {
    sim.controlNextCall({ spelling: 'example', ringYouMs: 0, ringThemMs: 0 });
    await place('ex-1');
    const [call] = await listed();
    const examplePath = SPEC['paths'] as Record<
      string,
      { get: { responses: { 200: { content: { 'application/json': { example: Record<string, string>[] } } } } } }
    >;
    const example = examplePath['/domains/{domain}/users/{user}/calls'].get.responses[200].content['application/json'].example[0];
    expect(Object.keys(call ?? {}).sort()).toEqual(Object.keys(example).sort());
    expect(call).toMatchObject({
      orig_callid: 'ex-1',
      by_callid: 'ex-1',
      dnis: '14805550100',
      orig_call_info: 'active',
      term_call_info: 'active',
    });
    expect(call?.['time_answer']).not.toBe('');
  });

  it('an unregistered phone to ring first: 202, recorded, never listed; registered again it rings', async () => {
    expect((await place('off-1', { 'call-orig-user': '1001c' })).status).toBe(202);
    expect(sim.calls()).toEqual([expect.objectContaining({ phase: 'ended', end: 'not-rung' })]);
    expect(await listed()).toEqual([]);
    sim.setDeviceRegistered('1001c', true);
    try {
      await place('off-2', { 'call-orig-user': '1001c' });
      expect((await listed()).map((call) => call['call-orig-call-id'])).toEqual(['off-2']);
    } finally {
      sim.setDeviceRegistered('1001c', false);
    }
  });

  it('ringing all phones needs one registered phone; a number to ring first always rings', async () => {
    await place('all-1', { 'call-orig-user': '' }, blakeToken);
    expect((await listed(blakeToken)).map((call) => call['call-orig-call-id'])).toEqual(['all-1']);
    sim.setDeviceRegistered('1002a', false);
    try {
      await place('all-2', {}, blakeToken);
      await place('all-3', { 'call-orig-user': '14805550999' }, blakeToken);
      expect((await listed(blakeToken)).map((call) => call['call-orig-call-id'])).toEqual(['all-1', 'all-3']);
      expect(sim.calls().map((call) => call.end)).toEqual([null, 'not-rung', null]);
    } finally {
      sim.setDeviceRegistered('1002a', true);
    }
  });

  it('the clock skew shifts the datetimes the PBX reports', async () => {
    sim.setClockSkew(3_600_000);
    try {
      const before = Date.now();
      await place('skew-1');
      const [call] = await listed();
      const started = Date.parse(`${call?.['call-start-datetime']?.replace(' ', 'T')}Z`);
      expect(started).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
      expect(started).toBeLessThan(Date.now() + 3_600_000 + 1000);
    } finally {
      sim.setClockSkew(0);
    }
  });

  it('controlCall names a call by its call-id; an unknown one or an unknown device is a RangeError', async () => {
    expect(() => sim.controlCall('nobody', { talkMs: 0 })).toThrow(RangeError);
    expect(() => sim.setDeviceRegistered('9999z', true)).toThrow(RangeError);
  });

  it('clearCalls() also forgets the script set for the next call', async () => {
    sim.controlNextCall({ you: 'decline', ringYouMs: 0 });
    sim.clearCalls();
    await place('fresh-1');
    expect(sim.calls()[0]).toMatchObject({ phase: 'ringing-you', end: null });
  });
});
