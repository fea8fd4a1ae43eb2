/** What the Worker dials: E.164 only, valid numbers only, never a type or calling code BLOCKED_NUMBER_TYPES names (premium rate, shared cost, personal numbers, international networks). */
import { ErrorBodySchema, PlaceCallResponseSchema, SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../../simulator/src/index';
import { openPoint, pseudonymOf } from '../audit-vault';
import { startHarness, type Harness } from '../harness';
import { captureWorkerLogs, LOG_FLUSH_VARS, type WorkerLogs } from './support/worker-logs';

jest.setTimeout(60_000);

const avery = DEMO_USERS.avery;
/** The premium-rate number the extension's end-to-end attack tests use. */
const PREMIUM_RATE = '+19005550123';
/** France 0899: premium rate, a type only libphonenumber-js's full ("max") metadata can tell. */
const PREMIUM_RATE_FR = '+33899123456';
/** France 0810 and Switzerland 0840: shared cost. */
const SHARED_COST = ['+33810123456', '+41840123456'];

let h: Harness;
let logs: WorkerLogs;
let session: string;

beforeAll(async () => {
  logs = captureWorkerLogs();
  h = await startHarness({ vars: LOG_FLUSH_VARS });
  const response = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
  expect(response.status).toBe(201);
  session = SignInResponseSchema.parse(await response.json()).session;
}, 120_000);
afterAll(async () => {
  logs?.restore();
  await h?.close();
});
beforeEach(() => {
  h.simulator.clearCalls();
  h.clearAuditPoints();
});

/** Dials each destination in turn; returns the answers and the audit point of each, opened (in the same order). */
async function dialEach(destinations: unknown[]) {
  const answers: { status: number; json: unknown }[] = [];
  for (const destination of destinations) {
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination } });
    answers.push({ status: response.status, json: await response.json() });
  }
  const points = await h.waitForAuditPoints(destinations.length);
  expect(points).toHaveLength(destinations.length);
  const kv = await h.kv('AUDIT_ARCHIVE');
  const opened = await Promise.all(points.map((point) => openPoint(kv, h.auditKeys, point)));
  return answers.map((answer, i) => ({ ...answer, point: opened[i]! }));
}

describe('E.164 only', () => {
  const NOT_E164 = [
    '(480) 555-0123',
    '4805550123',
    '+1 480 555 0123',
    '+1-480-555-0123',
    '0044 20 7946 0018',
    'tel:+14805550123',
    '+١٤٨٠٥٥٥٠١٢٣',
    '+14805550123 ',
    '+014805550123',
    '<b>+14805550123</b>',
  ];

  test('[policy: place calls you have explicitly requested] a destination that is not E.164 is 400 invalid_number before the PBX is asked, audited with an empty destination', async () => {
    const results = await dialEach(NOT_E164);
    for (const { status, json, point } of results) {
      expect(status).toBe(400);
      const error = ErrorBodySchema.parse(json).error;
      expect(error).toEqual({
        code: 'invalid_number',
        message: 'That is not a phone number in international form. Send it with + and the country code, digits only, e.g. +12125550100.',
      });
      // The audit row keeps an E.164 number or nothing: never the free text a request sent.
      expect(point).toMatchObject({ pseudonym: pseudonymOf(h.auditKeys, avery.uid), destination: '', placed: false, error: 'not_e164' });
    }
    expect(h.simulator.calls()).toEqual([]);
  });

  test('[policy: place calls you have explicitly requested] destinations that are not E.164 count against the dial limit', async () => {
    await h.reconfigure({ rateLimits: { DIAL_LIMITER: { limit: 2, period: 60 } } });
    try {
      const results = await dialEach(['4805550123', '(480) 555-0123', '+14805550123']);
      expect(results.map(({ status, json }) => [status, ErrorBodySchema.parse(json).error.code])).toEqual([
        [400, 'invalid_number'],
        [400, 'invalid_number'],
        [429, 'rate_limited'],
      ]);
      expect(results[2].point).toMatchObject({ destination: '+14805550123', error: 'limited:dial_session' });
      expect(h.simulator.calls()).toEqual([]);
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });
});

describe('number types and calling codes (BLOCKED_NUMBER_TYPES in wrangler.toml)', () => {
  test("wrangler.toml blocks premium-rate, shared-cost and personal numbers and the international networks' codes", () => {
    expect(h.vars['BLOCKED_NUMBER_TYPES']).toBe('PREMIUM_RATE,SHARED_COST,PERSONAL_NUMBER,+870,+878,+881,+882,+883,+888,+979');
  });

  test('[policy: place calls you have explicitly requested] personal numbers (UK 070) and the international networks (+870 … +979) are 403 number_not_allowed before the PBX is asked, audited as not placed', async () => {
    const network = (code: string) => `Calls to international network numbers (${code}) are not allowed from Click-to-Dial.`;
    const refused = (numberClass: string) => ({ code: 'class_not_allowed', numberClass, by: 'service' });
    // UK 070 personal numbers, Inmarsat, Iridium, and numbers under the other network codes, valid or not.
    const destinations = [
      '+447012345678',
      '+870773123456',
      '+881612345678',
      '+882341234567',
      '+883510012345',
      '+8785123456789',
      '+888123456789',
      '+979123456789',
    ];
    const results = await dialEach(destinations);
    expect(results.map(({ status, json }) => [status, ErrorBodySchema.parse(json).error])).toEqual([
      [
        403,
        {
          code: 'number_not_allowed',
          message: 'Calls to personal numbers are not allowed from Click-to-Dial.',
          reason: 'service_refused',
          refusal: refused('personal_number'),
        },
      ],
      ...['+870', '+881', '+882', '+883', '+878', '+888', '+979'].map((code) => [
        403,
        { code: 'number_not_allowed', message: network(code), reason: 'service_refused', refusal: refused('international_network') },
      ]),
    ]);
    results.forEach(({ point }, i) => {
      expect(point).toMatchObject({ destination: destinations[i], placed: false, error: 'number_refused:class_not_allowed' });
    });
    expect(h.simulator.calls()).toEqual([]);
  });

  test('[policy: place calls you have explicitly requested] premium-rate and shared-cost numbers are 403 number_not_allowed before the PBX is asked, audited as not placed', async () => {
    const premium = 'Calls to premium-rate numbers are not allowed from Click-to-Dial.';
    const shared = 'Calls to shared-cost numbers are not allowed from Click-to-Dial.';
    const destinations = [PREMIUM_RATE, PREMIUM_RATE_FR, ...SHARED_COST];
    const results = await dialEach(destinations);
    const refusal = (numberClass: string) => ({ code: 'class_not_allowed', numberClass, by: 'service' });
    expect(results.map(({ status, json }) => [status, ErrorBodySchema.parse(json).error])).toEqual([
      [403, { code: 'number_not_allowed', message: premium, reason: 'service_refused', refusal: refusal('premium_rate') }],
      [403, { code: 'number_not_allowed', message: premium, reason: 'service_refused', refusal: refusal('premium_rate') }],
      [403, { code: 'number_not_allowed', message: shared, reason: 'service_refused', refusal: refusal('shared_cost') }],
      [403, { code: 'number_not_allowed', message: shared, reason: 'service_refused', refusal: refusal('shared_cost') }],
    ]);
    results.forEach(({ point }, i) => {
      expect(point).toMatchObject({
        pseudonym: pseudonymOf(h.auditKeys, avery.uid),
        destination: destinations[i],
        placed: false,
        error: 'number_refused:class_not_allowed',
      });
    });
    expect(h.simulator.calls()).toEqual([]);
  });

  test('honest numbers go through: landlines and mobiles at home and abroad, toll-free, the simulator’s own numbers', async () => {
    const honest = [
      '+13105550142',
      '+12125550100',
      '+14805550123',
      '+14805551002',
      '+442079460018',
      '+18005550100',
      '+33612345678',
      '+18095550123',
    ];
    const results = await dialEach(honest);
    expect(results.map(({ status }) => status)).toEqual(honest.map(() => 202));
    expect(results.map(({ json }) => PlaceCallResponseSchema.parse(json).destination)).toEqual(honest);
    expect(h.simulator.calls().map((call) => call.request['call-term-user'])).toEqual(honest.map((number) => number.slice(1)));
    expect(results.every(({ point }) => point.placed)).toBe(true);
  });

  test('the setting decides: "" refuses no type, "TOLL_FREE" refuses toll-free numbers only', async () => {
    await h.reconfigure({ vars: { ...LOG_FLUSH_VARS, BLOCKED_NUMBER_TYPES: '' } });
    try {
      expect((await dialEach([PREMIUM_RATE])).map(({ status }) => status)).toEqual([202]);
      h.clearAuditPoints();
      await h.reconfigure({ vars: { ...LOG_FLUSH_VARS, BLOCKED_NUMBER_TYPES: ' TOLL_FREE ' } });
      const results = await dialEach(['+18005550100', PREMIUM_RATE]);
      expect(results.map(({ status }) => status)).toEqual([403, 202]);
      expect(ErrorBodySchema.parse(results[0].json).error.message).toBe('Calls to toll-free numbers are not allowed from Click-to-Dial.');
      expect(h.simulator.calls().map((call) => call.request['call-term-user'])).toEqual([PREMIUM_RATE.slice(1), PREMIUM_RATE.slice(1)]);
    } finally {
      await h.reconfigure({ vars: LOG_FLUSH_VARS });
    }
  });

  test('an unknown type in BLOCKED_NUMBER_TYPES is a configuration error that names the variable: 500, nothing dialled', async () => {
    await h.reconfigure({ vars: { ...LOG_FLUSH_VARS, BLOCKED_NUMBER_TYPES: 'PREMIUM_RATE,EXPENSIVE' } });
    try {
      const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: PREMIUM_RATE } });
      expect(response.status).toBe(500);
      expect(ErrorBodySchema.parse(await response.json()).error.code).toBe('internal_error');
      expect(h.simulator.calls()).toEqual([]);
      const lines = await logs.flush(h);
      const problem = lines.find((line) => line.includes('invalid_configuration'));
      expect(problem).toContain('BLOCKED_NUMBER_TYPES');
      expect(problem).toContain('each entry is one of PREMIUM_RATE');
      expect(problem).toContain('or a calling code such as +881');
    } finally {
      await h.reconfigure({ vars: LOG_FLUSH_VARS });
    }
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: PREMIUM_RATE } });
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });
});
