/** POST /v1/numbers/describe: the Worker's reading of a number before the user confirms it; nothing dialled, stored, audited or logged. */
import { ErrorBodySchema, NumberDescriptionSchema, SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { startHarness, type Harness } from './harness';
import { captureWorkerLogs, LOG_FLUSH_VARS, type WorkerLogs } from './privacy/support/worker-logs';

jest.setTimeout(60_000);

const avery = DEMO_USERS.avery;
let h: Harness;
let logs: WorkerLogs;
let session: string;

beforeAll(async () => {
  logs = captureWorkerLogs();
  h = await startHarness({ vars: LOG_FLUSH_VARS, countKvOps: true });
  const response = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
  expect(response.status).toBe(201);
  session = SignInResponseSchema.parse(await response.json()).session;
}, 120_000);
afterAll(async () => {
  logs?.restore();
  await h?.close();
});

/** Asks as the signed-in user, or with no session at all (`signedIn` false). */
async function describeNumber(number: unknown, signedIn = true): Promise<{ status: number; json: unknown }> {
  const response = await h.fetch('/v1/numbers/describe', { method: 'POST', ...(signedIn ? { session } : {}), json: { number } });
  return { status: response.status, json: await response.json() };
}

test('names the country of every number, North American ones included, its type, and whether a dial would be placed', async () => {
  const numbers = ['+18095550123', '+18765550123', '+14165550123', '+12125550199', '+33612345678'];
  const answers = await Promise.all(numbers.map((number) => describeNumber(number)));
  expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200]);
  expect(answers.map(({ json }) => NumberDescriptionSchema.parse(json))).toEqual([
    { number: '+18095550123', country: 'DO', type: 'FIXED_LINE_OR_MOBILE', valid: true, dialable: true, refusal: null },
    { number: '+18765550123', country: 'JM', type: 'MOBILE', valid: true, dialable: true, refusal: null },
    { number: '+14165550123', country: 'CA', type: 'FIXED_LINE_OR_MOBILE', valid: true, dialable: true, refusal: null },
    { number: '+12125550199', country: 'US', type: 'FIXED_LINE_OR_MOBILE', valid: true, dialable: true, refusal: null },
    { number: '+33612345678', country: 'FR', type: 'MOBILE', valid: true, dialable: true, refusal: null },
  ]);
});

test('says which numbers a dial would refuse, and why, by the same setting the dial uses', async () => {
  const refused = ['+19005550123', '+447012345678', '+881612345678', '+15555555555'];
  const answers = await Promise.all(refused.map((number) => describeNumber(number)));
  expect(answers.map(({ json }) => NumberDescriptionSchema.parse(json))).toEqual([
    {
      number: '+19005550123',
      country: 'US',
      type: 'PREMIUM_RATE',
      valid: true,
      dialable: false,
      refusal: { code: 'class_not_allowed', numberClass: 'premium_rate', by: 'service' },
    },
    {
      number: '+447012345678',
      country: 'GB',
      type: 'PERSONAL_NUMBER',
      valid: true,
      dialable: false,
      refusal: { code: 'class_not_allowed', numberClass: 'personal_number', by: 'service' },
    },
    {
      number: '+881612345678',
      country: null,
      type: 'MOBILE',
      valid: true,
      dialable: false,
      refusal: { code: 'class_not_allowed', numberClass: 'international_network', by: 'service' },
    },
    { number: '+15555555555', country: null, type: null, valid: false, dialable: false, refusal: null },
  ]);
  await h.reconfigure({ vars: { ...LOG_FLUSH_VARS, BLOCKED_NUMBER_TYPES: '' } });
  try {
    expect(NumberDescriptionSchema.parse((await describeNumber('+19005550123')).json)).toMatchObject({
      valid: true,
      dialable: true,
      refusal: null,
    });
  } finally {
    await h.reconfigure({ vars: LOG_FLUSH_VARS });
  }
});

test('dials nothing, stores and audits nothing, writes no KV, reads the organisation’s rules once, never logs the number', async () => {
  h.clearAuditPoints();
  h.resetKvOps();
  const before = logs.lines().length;
  expect((await describeNumber('+18095550177')).status).toBe(200);
  expect((await describeNumber('+19005550177')).status).toBe(200);
  expect(h.kvOps('SESSIONS')).toMatchObject({ writes: 0, deletes: 0 });
  // The organisation's rules for the number the service lets through; none for the premium-rate one it refuses.
  expect(h.kvOps('AUDIT_ARCHIVE')).toEqual({ reads: 1, writes: 0, deletes: 0, lists: 0 });
  const lines = (await logs.flush(h)).slice(before);
  // The flush's own export run is the only thing printed; it proves the log stream was read to here.
  expect(lines.some((line) => line.includes('audit_export'))).toBe(true);
  expect(lines.filter((line) => line.includes('5550177'))).toEqual([]);
  expect(h.auditPoints()).toEqual([]);
  expect(h.simulator.calls()).toEqual([]);
});

test('a session is required, the body must be one E.164 number, and the lookups are rate limited per session', async () => {
  const anonymous = await describeNumber('+12125550199', false);
  expect([anonymous.status, ErrorBodySchema.parse(anonymous.json).error.code]).toEqual([401, 'unauthorized']);
  const wrong = await describeNumber('(212) 555-0199');
  expect([wrong.status, ErrorBodySchema.parse(wrong.json).error.code]).toEqual([400, 'invalid_request']);
  await h.reconfigure({ vars: LOG_FLUSH_VARS, rateLimits: { DESCRIBE_LIMITER: { limit: 2, period: 60 } } });
  try {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await describeNumber('+12125550199'));
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 429]);
    expect(ErrorBodySchema.parse(answers[2].json).error.code).toBe('rate_limited');
  } finally {
    await h.reconfigure({ vars: LOG_FLUSH_VARS, rateLimits: {} });
  }
});
