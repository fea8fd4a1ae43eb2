/** Checks the simulator against the spec JSON itself: responses against its schemas, request validation against its required fields and examples. */
import type { CallScript, Simulator } from '../src/index';
import { CallRequestSchema, TokenRequestSchema } from '../src/ns-schemas';
import { avery, blake, getWithToken, mfaGrant, passwordGrant, postJson, refreshGrant, signIn, start, tokenBody } from './helpers';
import { requiredOf, specAt, violations } from './spec-validator';

const schema = (name: string) => specAt(`#/components/schemas/${name}`);
const arrayOf = (name: string) => ({ type: 'array', items: { $ref: `#/components/schemas/${name}` } });

describe('conformance with spec/netsapiens-api-v2.subset.json', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('the validator finds violations (so the checks below can fail)', () => {
    expect(violations({ code: '400' }, schema('ErrorResponse'))).toEqual([
      '$: missing required message',
      '$.code: expected "integer", got string',
    ]);
    expect(violations([{ device: '1', user: 1, domain: 'd' }], arrayOf('Device'))).toEqual(['$[0].user: expected "string", got integer']);
  });

  it('every /tokens answer is an AccessToken', async () => {
    const password = await tokenBody(sim, passwordGrant(avery));
    const refreshed = await tokenBody(sim, refreshGrant(String(password['refresh_token'])));
    const mfaRequired = await tokenBody(sim, passwordGrant(blake));
    const mfaDone = await tokenBody(sim, mfaGrant(blake, String(mfaRequired['access_token']), '246810'));
    for (const body of [password, refreshed, mfaRequired, mfaDone]) {
      expect(violations(body, schema('AccessToken'))).toEqual([]);
    }
  });

  it('user, devices and calls answers match User, Device[] and ActiveCall', async () => {
    const { access_token } = await signIn(sim, avery);
    const me = `${sim.apiBase}/domains/~/users/~`;
    expect(violations(await (await getWithToken(me, access_token)).json(), schema('User'))).toEqual([]);
    const devices: unknown = await (await getWithToken(`${me}/devices`, access_token)).json();
    expect(violations(devices, arrayOf('Device'))).toEqual([]);

    const call = { synchronous: 'yes', 'call-id': 'spec-1', 'call-term-user': '14805550100' };
    const created: unknown = await (await postJson(`${me}/calls`, call, access_token)).json();
    expect(violations(created, schema('ActiveCall'))).toEqual([]);
    const active: unknown = await (await getWithToken(`${me}/calls`, access_token)).json();
    expect(violations(active, arrayOf('ActiveCall'))).toEqual([]);
    expect(active).toHaveLength(1);
  });

  it('every phase of a call is an ActiveCall, read one by one too; a disconnect answers an object', async () => {
    const { access_token } = await signIn(sim, avery);
    const calls = `${sim.apiBase}/domains/~/users/~/calls`;
    const place = (callId: string, script: CallScript) => {
      sim.controlNextCall(script);
      return postJson(calls, { synchronous: 'no', 'call-id': callId, 'call-term-user': '14805550100' }, access_token);
    };
    await place('phase-1', { ringYouMs: null });
    await place('phase-2', { ringYouMs: 0, ringThemMs: null });
    await place('phase-3', { ringYouMs: 0, ringThemMs: 0 });
    await place('phase-4', { ringYouMs: 0, ringThemMs: 0, them: 'busy', busyMs: null });
    await place('phase-5', { ids: 'pbx' });
    const active = (await (await getWithToken(calls, access_token)).json()) as Record<string, string>[];
    expect(active.map((call) => call['term-orig-info'])).toEqual(expect.arrayContaining(['', 'alerting', 'active', 'busy']));
    expect(violations(active, arrayOf('ActiveCall'))).toEqual([]);
    for (const call of active) {
      const one: unknown = await (await getWithToken(`${calls}/${call['call-orig-call-id']}`, access_token)).json();
      expect(violations(one, schema('ActiveCall'))).toEqual([]);
    }
    const disconnected: unknown = await (
      await fetch(`${calls}/phase-1`, { method: 'DELETE', headers: { Authorization: `Bearer ${access_token}` } })
    ).json();
    const deletePath = '#/paths/~1domains~1{domain}~1users~1{user}~1calls~1{call_id}/delete/responses/200/content/application~1json/schema';
    expect(violations(disconnected, specAt(deletePath))).toEqual([]);
  });

  it('errors are ErrorResponse bodies', async () => {
    const responses = await Promise.all([
      postJson(`${sim.apiBase}/tokens`, {}),
      postJson(`${sim.apiBase}/tokens`, passwordGrant(avery, { password: 'x' })),
      fetch(`${sim.apiBase}/domains/~/users/~`),
      fetch(`${sim.apiBase}/unknown`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([400, 401, 401, 404]);
    for (const response of responses) {
      expect(violations(await response.json(), schema('ErrorResponse'))).toEqual([]);
    }
  });

  it("accepts the spec's own example requests", () => {
    const tokensExample = specAt('#/paths/~1tokens/post/requestBody/content/application~1json')['example'];
    expect(TokenRequestSchema.safeParse(tokensExample).success).toBe(true);
    const callsPath = '#/paths/~1domains~1{domain}~1users~1{user}~1calls/post/requestBody/content/application~1json';
    expect(CallRequestSchema.safeParse(specAt(callsPath)['example']).success).toBe(true);
  });

  it.each([
    ['CallRequest', CallRequestSchema, { synchronous: 'no', 'call-id': 'x', 'call-term-user': '1' }],
    ['AuthRequest', TokenRequestSchema, passwordGrant(avery)],
    ['AuthRequestMFA', TokenRequestSchema, mfaGrant(blake, 'token', '246810')],
  ] as const)('refuses a %s without any one of its required fields', (name, zodSchema, valid) => {
    expect(zodSchema.safeParse(valid).success).toBe(true);
    const required = requiredOf(name);
    expect(required.length).toBeGreaterThan(2);
    for (const field of required) {
      const { [field]: _dropped, ...rest } = valid as Record<string, unknown>;
      expect([field, zodSchema.safeParse(rest).success]).toEqual([field, false]);
    }
  });
});
