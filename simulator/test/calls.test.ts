/** POST and GET /calls: call placement answers, validation and the record of accepted calls. */
import type { Simulator } from '../src/index';
import { avery, blake, getWithToken, json, postJson, signIn, start } from './helpers';

const callBody = (overrides: Record<string, unknown> = {}) => ({
  synchronous: 'no',
  'call-id': 'c2d-0001',
  'call-term-user': '14805550100',
  'call-orig-user': '1001a',
  ...overrides,
});

describe('calls', () => {
  let sim: Simulator;
  let averyToken: string;
  const myCalls = () => `${sim.apiBase}/domains/~/users/~/calls`;

  beforeAll(async () => {
    sim = await start();
    averyToken = (await signIn(sim, avery)).access_token;
  });
  beforeEach(() => sim.clearCalls());
  afterAll(() => sim.close());

  it('answers 202 with an empty body and records the call as received', async () => {
    const body = callBody({ 'auto-answer-enabled': 'yes', 'x-extra': 'kept' });
    const response = await postJson(myCalls(), body, averyToken);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');

    const [recorded, ...others] = sim.calls();
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({ uid: '1001@voipcom-demo', domain: 'voipcom-demo', user: '1001', request: body });
    expect(Number.isNaN(Date.parse(recorded?.receivedAt ?? ''))).toBe(false);
  });

  it('answers 200 with the new call when synchronous is "yes"', async () => {
    const response = await postJson(myCalls(), callBody({ synchronous: 'yes', 'call-id': 'sync-1' }), averyToken);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      'call-orig-call-id': 'sync-1',
      'call-orig-user': '1001a',
      'call-term-user': '14805550100',
      'call-by-user': '1001',
    });
    expect(sim.calls()).toHaveLength(1);
  });

  it('records calls on the explicit path of the token owner', async () => {
    const blakeToken = (await signIn(sim, blake)).access_token;
    const url = `${sim.apiBase}/domains/voipcom-demo/users/1002/calls`;
    expect((await postJson(url, callBody({ 'call-id': 'b-1' }), blakeToken)).status).toBe(202);
    expect(sim.calls().map((call) => call.uid)).toEqual(['1002@voipcom-demo']);
  });

  it.each([
    ['no call-term-user', callBody({ 'call-term-user': undefined })],
    ['no call-id', callBody({ 'call-id': undefined })],
    ['no synchronous', callBody({ synchronous: undefined })],
    ['synchronous "maybe"', callBody({ synchronous: 'maybe' })],
    ['a numeric call-term-user', callBody({ 'call-term-user': 14805550100 })],
    ['auto-answer-enabled true', callBody({ 'auto-answer-enabled': true })],
    ['a JSON string', 'call 14805550100'],
  ])('answers 400 {code, message} and records nothing for %s', async (_case, body) => {
    const response = await postJson(myCalls(), body, averyToken);
    expect(response.status).toBe(400);
    const error = await json(response);
    expect(error['code']).toBe(400);
    expect(typeof error['message']).toBe('string');
    expect(sim.calls()).toEqual([]);
  });

  it('records nothing for a call on another user', async () => {
    const url = `${sim.apiBase}/domains/voipcom-demo/users/1002/calls`;
    expect((await postJson(url, callBody(), averyToken)).status).toBe(403);
    expect((await postJson(myCalls(), callBody())).status).toBe(401);
    expect(sim.calls()).toEqual([]);
  });

  it("lists the user's own accepted calls as active calls", async () => {
    const blakeToken = (await signIn(sim, blake)).access_token;
    await postJson(myCalls(), callBody({ 'call-id': 'a-1' }), averyToken);
    await postJson(myCalls(), callBody({ 'call-id': 'b-1', 'call-orig-user': '' }), blakeToken);

    const response = await getWithToken(myCalls(), blakeToken);
    expect(response.status).toBe(200);
    const active = (await response.json()) as Record<string, unknown>[];
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ 'call-orig-call-id': 'b-1', 'call-orig-user': '1002', 'call-by-user': '1002' });
  });

  it('hands out copies and forgets calls on clearCalls()', async () => {
    await postJson(myCalls(), callBody(), averyToken);
    const [copy] = sim.calls();
    if (copy === undefined) throw new Error('the call was not recorded');
    copy.request['call-term-user'] = 'changed';
    expect(sim.calls()[0]?.request['call-term-user']).toBe('14805550100');
    sim.clearCalls();
    expect(sim.calls()).toEqual([]);
  });
});
