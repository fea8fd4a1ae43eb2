/** Answer rules: served as the spec's Answerrule[], set per test (do-not-disturb, forward-always, simultaneous ring), and acting on the first leg of a call as the README assumes. */
import type { Simulator } from '../src/index';
import { avery, blake, getWithToken, postJson, signIn, start } from './helpers';
import { specAt, violations } from './spec-validator';

interface RuleBody {
  'time-frame': string;
  'is-active': boolean;
  'do-not-disturb': { enabled: string };
  'forward-always': { enabled: string; parameters: unknown[] };
  'simultaneous-ring': { enabled: string; parameters: unknown[] };
}

describe('answer rules', () => {
  let sim: Simulator;
  let averyToken: string;
  const me = () => `${sim.apiBase}/domains/~/users/~`;
  const rules = async (token = averyToken) => (await (await getWithToken(`${me()}/answerrules`, token)).json()) as RuleBody[];
  const activeRule = async (token = averyToken) => (await rules(token)).find((rule) => rule['is-active'])!;
  const place = (callId: string, origination = '') =>
    postJson(
      `${me()}/calls`,
      { synchronous: 'no', 'call-id': callId, 'call-term-user': '14805550100', 'call-orig-user': origination },
      averyToken,
    );
  const listedIds = async () =>
    ((await (await getWithToken(`${me()}/calls`, averyToken)).json()) as Record<string, string>[]).map((call) => call['call-orig-call-id']);
  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${sim.origin}/_sim/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    sim = await start();
    averyToken = (await signIn(sim, avery)).access_token;
  });
  beforeEach(() => {
    sim.clearCalls();
    sim.resetAnswerRules();
    sim.setDeviceRegistered('1001a', true);
    sim.setDeviceRegistered('1001b', true);
  });
  afterAll(() => sim.close());

  it('GET .../answerrules answers Answerrule[] with exactly one active timeframe, features off by default', async () => {
    const response = await getWithToken(`${me()}/answerrules`, averyToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as RuleBody[];
    expect(violations(body, { type: 'array', items: specAt('#/components/schemas/Answerrule') })).toEqual([]);
    expect(body.filter((rule) => rule['is-active']).map((rule) => rule['time-frame'])).toEqual(['*']);
    // An inactive timeframe has do-not-disturb on: a client must pick the active rule, not any rule.
    expect(body.find((rule) => !rule['is-active'])?.['do-not-disturb'].enabled).toBe('yes');
    const active = await activeRule();
    expect([active['do-not-disturb'].enabled, active['forward-always'].enabled, active['simultaneous-ring'].enabled]).toEqual([
      'no',
      'no',
      'no',
    ]);
  });

  it('each user has their own rules: setting Avery does not change Blake', async () => {
    const blakeToken = (await signIn(sim, blake)).access_token;
    sim.setAnswerRule(avery.uid, { dnd: true });
    expect((await activeRule())['do-not-disturb'].enabled).toBe('yes');
    expect((await activeRule(blakeToken))['do-not-disturb'].enabled).toBe('no');
  });

  it('do-not-disturb: the call is accepted (202) and rings nothing, never listed, ended as dnd; to a chosen phone too', async () => {
    sim.setAnswerRule(avery.uid, { dnd: true });
    expect((await place('dnd-1')).status).toBe(202);
    expect((await place('dnd-2', '1001a')).status).toBe(202);
    expect(await listedIds()).toEqual([]);
    expect(sim.calls()).toEqual([
      expect.objectContaining({ phase: 'ended', end: 'dnd', firstLeg: [] }),
      expect.objectContaining({ phase: 'ended', end: 'dnd', firstLeg: [] }),
    ]);
    // Turned off again, the same dial rings the phones.
    sim.setAnswerRule(avery.uid, { dnd: false });
    await place('dnd-3');
    expect(await listedIds()).toEqual(['dnd-3']);
  });

  it('forward-always: the first leg goes to the target as the PBX names it, even with every phone offline', async () => {
    sim.setAnswerRule(avery.uid, { forwardAlways: 'vmail_1001' });
    const active = await activeRule();
    expect(active['forward-always']).toEqual({ enabled: 'yes', parameters: ['vmail_1001'] });
    sim.setDeviceRegistered('1001a', false);
    sim.setDeviceRegistered('1001b', false);
    await place('fwd-1');
    expect(await listedIds()).toEqual(['fwd-1']);
    expect(sim.calls()[0]).toMatchObject({ phase: 'ringing-you', firstLeg: ['vmail_1001'] });
  });

  it('simultaneous ring: the numbers ring with the registered phones, and ring alone when no phone is online', async () => {
    sim.setAnswerRule(avery.uid, { simultaneousRing: ['<OwnDevices>', '14805550123'] });
    expect((await activeRule())['simultaneous-ring']).toEqual({ enabled: 'yes', parameters: ['<OwnDevices>', '14805550123'] });
    await place('sim-1');
    await place('sim-2', '1001a');
    sim.setDeviceRegistered('1001a', false);
    sim.setDeviceRegistered('1001b', false);
    await place('sim-3');
    expect(sim.calls().map((call) => call.firstLeg)).toEqual([
      ['1001a', '1001b', '14805550123'],
      ['1001a', '14805550123'],
      ['14805550123'],
    ]);
    expect(await listedIds()).toEqual(['sim-1', 'sim-2', 'sim-3']);
  });

  it('without a rule, an offline chosen phone rings nothing (not-rung); a number as the first leg is outside the rules', async () => {
    await place('plain-1', '1001c');
    sim.setAnswerRule(avery.uid, { dnd: true });
    await place('plain-2', '14805557777');
    expect(sim.calls()).toEqual([
      expect.objectContaining({ end: 'not-rung', firstLeg: [] }),
      expect.objectContaining({ phase: 'ringing-you', firstLeg: ['14805557777'] }),
    ]);
  });

  it('PUT /_sim/answer-rules/{uid} sets, DELETE /_sim/answer-rules resets; unknown user 404, bad body 400', async () => {
    expect((await control(`answer-rules/${encodeURIComponent(avery.uid)}`, 'PUT', { forwardAlways: '18005551234' })).status).toBe(204);
    expect((await activeRule())['forward-always'].parameters).toEqual(['18005551234']);
    expect((await control(`answer-rules/${encodeURIComponent(avery.uid)}`, 'PUT', { dnd: true })).status).toBe(204);
    // Unset fields keep their value.
    const both = await activeRule();
    expect([both['do-not-disturb'].enabled, both['forward-always'].enabled]).toEqual(['yes', 'yes']);
    expect((await control('answer-rules/nobody%40nowhere', 'PUT', { dnd: true })).status).toBe(404);
    expect((await control(`answer-rules/${encodeURIComponent(avery.uid)}`, 'PUT', { dnd: 'yes' })).status).toBe(400);
    expect((await control(`answer-rules/${encodeURIComponent(avery.uid)}`, 'PUT', { forwardAlways: '' })).status).toBe(400);
    expect((await control('answer-rules', 'DELETE')).status).toBe(204);
    const reset = await activeRule();
    expect([reset['do-not-disturb'].enabled, reset['forward-always'].enabled]).toEqual(['no', 'no']);
  });

  it('a far end that declines is listed with term-orig-info "declined" (an ActiveCall), then ends as they-declined', async () => {
    sim.controlNextCall({ ringYouMs: 0, ringThemMs: 0, them: 'decline', busyMs: null });
    await place('decl-1');
    const listed = (await (await getWithToken(`${me()}/calls`, averyToken)).json()) as Record<string, string>[];
    expect(listed.map((call) => call['term-orig-info'])).toEqual(['declined']);
    expect(violations(listed, { type: 'array', items: specAt('#/components/schemas/ActiveCall') })).toEqual([]);
    sim.controlCall('decl-1', { busyMs: 0 });
    expect(await listedIds()).toEqual([]);
    expect(sim.calls()[0]?.end).toBe('they-declined');
  });
});
