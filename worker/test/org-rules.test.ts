/** Organisation destination rules in workerd: the staff route behind Cloudflare Access, the user's read-only view, enforcement at each dial (one KV read more), audited refusals. */
import { ErrorBodySchema, NumberDescriptionSchema, OrgRulesResponseSchema, type NumberRefusal, type OrgRules } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { openPoint } from './audit-vault';
import { orgRulesRequest, readAnswer, type AdminRequest } from '../../scripts/lib/org-rules-cli';
import { AccessTeamFake, newSigningKey, signJwt } from './fakes/access-jwks-fake';
import { startHarness, type Harness } from './harness';

jest.setTimeout(60_000);

const AUDIENCE = 'c2d-org-rules-audience';
const ADMIN = '/v1/admin/org-rules';
const DOMAIN = DEMO_USERS.avery.domain;
const NONE: OrgRules = { allowedCountries: [], refusedClasses: [], doNotCall: [] };

const access = new AccessTeamFake(AUDIENCE);
let h: Harness;
let session: string;

function validToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(access.published[0], {
    iss: access.teamDomain,
    aud: AUDIENCE,
    exp: now + 300,
    iat: now,
    email: 'staff@voipcom.example',
    ...claims,
  });
}

function putRules(json: unknown, token: string | null = validToken()) {
  return h.fetch(ADMIN, { method: 'PUT', json, headers: token === null ? {} : { 'Cf-Access-Jwt-Assertion': token } });
}

function readRules(domain: string, token: string | null = validToken()) {
  return h.fetch(`${ADMIN}?domain=${encodeURIComponent(domain)}`, { headers: token === null ? {} : { 'Cf-Access-Jwt-Assertion': token } });
}

async function setRules(rules: Partial<OrgRules>, domain: string = DOMAIN): Promise<void> {
  const response = await putRules({ domain, rules: { ...NONE, ...rules } });
  expect(response.status).toBe(200);
}

function dial(destination: string) {
  return h.fetch('/v1/calls', { method: 'POST', session, json: { destination } });
}

async function errorOf(response: { json(): Promise<unknown> }) {
  return ErrorBodySchema.parse(await response.json()).error;
}

beforeAll(async () => {
  await access.start();
  h = await startHarness({ vars: access.vars, countKvOps: true });
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  await h?.close();
  await access.stop();
});
beforeEach(async () => {
  h.simulator.clearCalls();
  h.clearAuditPoints();
  await setRules(NONE);
});

describe('PUT and GET /v1/admin/org-rules (Cloudflare Access)', () => {
  test('staff set and read back an organisation’s rules, normalised; the domain is one key whatever its case', async () => {
    const response = await putRules({
      domain: 'VoipCom-Demo',
      rules: { allowedCountries: ['US', 'CA', 'US'], refusedClasses: ['mobile'], doNotCall: ['+1900', '+14805550199'] },
    });
    expect(response.status).toBe(200);
    const set = OrgRulesResponseSchema.parse(await response.json());
    expect(set).toEqual({
      domain: DOMAIN,
      rules: { allowedCountries: ['CA', 'US'], refusedClasses: ['mobile'], doNotCall: ['+14805550199', '+1900'] },
      updatedAt: expect.any(String),
    });
    const read = await readRules(DOMAIN);
    expect(read.status).toBe(200);
    expect(OrgRulesResponseSchema.parse(await read.json())).toEqual(set);
    const keys = (await h.dumpKv('AUDIT_ARCHIVE')).filter((entry) => entry.name.startsWith('orgrules:'));
    expect(keys.map((entry) => entry.name)).toEqual([`orgrules:${DOMAIN}`]);
  });

  test('all lists empty removes the rules: nothing is stored, and the read answers no rules and updatedAt null', async () => {
    await setRules({ doNotCall: ['+1900'] });
    expect((await h.dumpKv('AUDIT_ARCHIVE')).some((entry) => entry.name === `orgrules:${DOMAIN}`)).toBe(true);
    await setRules(NONE);
    expect((await h.dumpKv('AUDIT_ARCHIVE')).some((entry) => entry.name.startsWith('orgrules:'))).toBe(false);
    expect(OrgRulesResponseSchema.parse(await (await readRules(DOMAIN)).json())).toEqual({ domain: DOMAIN, rules: NONE, updatedAt: null });
  });

  test('without a token 401, with a bad one 403, and nothing is written either way', async () => {
    const json = { domain: DOMAIN, rules: { ...NONE, doNotCall: ['+1'] } };
    const missing = await putRules(json, null);
    expect([missing.status, (await errorOf(missing)).code]).toEqual([401, 'unauthorized']);
    const foreignKey = signJwt(newSigningKey('not-published'), {
      iss: access.teamDomain,
      aud: AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    for (const token of [foreignKey, validToken({ aud: 'another-app' }), validToken({ exp: Math.floor(Date.now() / 1000) - 60 })]) {
      const refused = await putRules(json, token);
      expect([refused.status, (await errorOf(refused)).code]).toEqual([403, 'forbidden']);
      const read = await readRules(DOMAIN, token);
      expect(read.status).toBe(403);
    }
    expect((await readRules(DOMAIN, null)).status).toBe(401);
    expect((await h.dumpKv('AUDIT_ARCHIVE')).some((entry) => entry.name.startsWith('orgrules:'))).toBe(false);
    // The same body with a valid token is written: the refusals above were the token's.
    expect((await putRules(json)).status).toBe(200);
  });

  test('invalid bodies and queries are 400 (after the token passed), a wrong media type 415', async () => {
    const bad: unknown[] = [
      {},
      { domain: DOMAIN },
      { domain: DOMAIN, rules: { ...NONE, allowedCountries: ['Cuba'] } },
      { domain: DOMAIN, rules: { ...NONE, refusedClasses: ['expensive'] } },
      { domain: DOMAIN, rules: { ...NONE, doNotCall: ['1900'] } },
      { domain: DOMAIN, rules: { ...NONE, doNotCall: Array.from({ length: 501 }, (_, i) => `+1${i}`) } },
      { domain: DOMAIN, rules: { ...NONE, extra: true } },
      { domain: 'a/b', rules: NONE },
    ];
    for (const json of bad) {
      const response = await putRules(json);
      expect([response.status, (await errorOf(response)).code]).toEqual([400, 'invalid_request']);
    }
    expect((await readRules('')).status).toBe(400);
    const text = await h.fetch(ADMIN, {
      method: 'PUT',
      body: '{}',
      headers: { 'Cf-Access-Jwt-Assertion': validToken(), 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    // A do-not-call list of 500 entries (about 9 KB) is taken: larger than other bodies, within the staff limit.
    const full = Array.from({ length: 500 }, (_, i) => `+1900555${String(i).padStart(4, '0')}`);
    expect((await putRules({ domain: DOMAIN, rules: { ...NONE, doNotCall: full } })).status).toBe(200);
  });

  test('503 admin_not_configured when Access is not set up, with or without a token', async () => {
    await h.reconfigure({ vars: { ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: '' } });
    try {
      for (const response of [await putRules({ domain: DOMAIN, rules: NONE }), await readRules(DOMAIN), await putRules({}, null)]) {
        expect([response.status, (await errorOf(response)).code]).toEqual([503, 'admin_not_configured']);
      }
    } finally {
      await h.reconfigure({ vars: access.vars });
    }
    expect((await readRules(DOMAIN)).status).toBe(200);
  });
});

describe('GET /v1/org-rules (the signed-in user’s organisation, read-only)', () => {
  test('answers the rules of the user’s own domain; another domain’s rules are not theirs', async () => {
    await setRules({ allowedCountries: ['US'] });
    await setRules({ doNotCall: ['+44'] }, 'other-org.example');
    const response = await h.fetch('/v1/org-rules', { session });
    expect(response.status).toBe(200);
    expect(OrgRulesResponseSchema.parse(await response.json())).toEqual({
      domain: DOMAIN,
      rules: { ...NONE, allowedCountries: ['US'] },
      updatedAt: expect.any(String),
    });
    await setRules(NONE, 'other-org.example');
  });

  test('needs a session (401); it is read-only (PUT 405); every error is the JSON error body and echoes no session id', async () => {
    const forged = 'A'.repeat(43);
    const cases = [
      [await h.fetch('/v1/org-rules'), 401],
      [await h.fetch('/v1/org-rules', { session: forged }), 401],
      [await h.fetch('/v1/org-rules', { method: 'PUT', session, json: { domain: DOMAIN, rules: NONE } }), 405],
    ] as const;
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers.get('Content-Type')).toContain('application/json');
      const text = await response.text();
      expect(ErrorBodySchema.safeParse(JSON.parse(text)).success).toBe(true);
      expect([text.includes(forged), text.includes(session)]).toEqual([false, false]);
    }
  });

  test('answers only the domain, its rules and when they were set (no token, uid or session), never cached; one KV read for the rules', async () => {
    await setRules({ refusedClasses: ['premium_rate'], doNotCall: ['+1900'] });
    h.resetKvOps();
    const response = await h.fetch('/v1/org-rules', { session });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['domain', 'rules', 'updatedAt']);
    expect(JSON.stringify(body)).not.toContain(session);
    expect(JSON.stringify(body)).not.toContain(DEMO_USERS.avery.uid);
    expect(h.kvOps('AUDIT_ARCHIVE')).toEqual({ reads: 1, writes: 0, deletes: 0, lists: 0 });
    expect(h.kvOps('SESSIONS').writes).toBeLessThanOrEqual(1);
  });
});

describe('POST /v1/calls under organisation rules', () => {
  const cases: [string, Partial<OrgRules>, string, NumberRefusal][] = [
    ['allowed countries', { allowedCountries: ['US', 'CA'] }, '+5372345678', { code: 'country_not_allowed', country: 'CU' }],
    // +800 (international freephone) belongs to no country, and the service does not refuse it (unlike +882).
    ['allowed countries, a number of no country', { allowedCountries: ['US'] }, '+80012345678', { code: 'country_not_allowed' }],
    [
      'refused classes',
      { refusedClasses: ['mobile'] },
      '+447400123456',
      { code: 'class_not_allowed', numberClass: 'mobile', by: 'organisation' },
    ],
    ['do-not-call prefix', { doNotCall: ['+4420'] }, '+442079460018', { code: 'do_not_call' }],
    ['do-not-call number', { doNotCall: ['+14805550123'] }, '+14805550123', { code: 'do_not_call' }],
  ];
  test.each(cases)(
    '%s: 403 number_not_allowed, reason org_refused, the rule named; the PBX never asked; audited as refused',
    async (_name, rules, destination, refusal) => {
      await setRules(rules);
      const response = await dial(destination);
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error).toEqual({
        code: 'number_not_allowed',
        message: expect.stringContaining('Your organisation'),
        reason: 'org_refused',
        refusal,
      });
      expect(h.simulator.calls()).toEqual([]);
      const [point] = await h.waitForAuditPoints(1);
      expect(await openPoint(await h.kv('AUDIT_ARCHIVE'), h.auditKeys, point)).toMatchObject({
        destination,
        placed: false,
        error: `number_refused:${refusal.code}`,
      });
    },
  );

  test.each(cases)(
    '%s: POST /v1/numbers/describe answers the same refusal before any dial, and nothing is dialled or audited',
    async (_name, rules, destination, refusal) => {
      await setRules(rules);
      const response = await h.fetch('/v1/numbers/describe', { method: 'POST', session, json: { number: destination } });
      expect(response.status).toBe(200);
      expect(NumberDescriptionSchema.parse(await response.json())).toMatchObject({
        number: destination,
        valid: true,
        dialable: false,
        refusal,
      });
      expect(h.simulator.calls()).toEqual([]);
      expect(h.auditPoints()).toEqual([]);
      // The dial of the same number is refused by the same rule, and is the only thing audited.
      expect((await errorOf(await dial(destination))).refusal).toEqual(refusal);
      await h.waitForAuditPoints(1);
      expect(h.auditPoints()).toHaveLength(1);
    },
  );

  test('describe: a number the rules allow is dialable; the service’s own refusals still come first', async () => {
    await setRules({ allowedCountries: ['US'] });
    const describe = async (number: string) =>
      NumberDescriptionSchema.parse(await (await h.fetch('/v1/numbers/describe', { method: 'POST', session, json: { number } })).json());
    expect(await describe('+14805550123')).toMatchObject({ dialable: true, refusal: null });
    expect((await describe('+19005550123')).refusal).toEqual({ code: 'class_not_allowed', numberClass: 'premium_rate', by: 'service' });
  });

  test('numbers the rules allow go through: allowed countries, other classes, outside the prefixes', async () => {
    await setRules({ allowedCountries: ['US', 'GB'], refusedClasses: ['mobile', 'toll_free'], doNotCall: ['+4420'] });
    // US numbers may be fixed line or mobile: refusing mobile alone does not refuse them (NumberClassSchema).
    for (const destination of ['+14805550123', '+441614960000']) expect((await dial(destination)).status).toBe(202);
    expect(h.simulator.calls()).toHaveLength(2);
    for (const [destination, code] of [
      ['+18005550100', 'class_not_allowed'],
      ['+33145678901', 'country_not_allowed'],
    ] as const) {
      const refused = await dial(destination);
      expect([refused.status, (await errorOf(refused)).refusal?.code]).toEqual([403, code]);
    }
  });

  test('fixed line and mobile both refused: a US number (either) is refused too', async () => {
    await setRules({ refusedClasses: ['fixed_line', 'mobile'] });
    const response = await dial('+14805550123');
    expect((await errorOf(response)).refusal).toEqual({ code: 'class_not_allowed', numberClass: 'mobile', by: 'organisation' });
  });

  test('another organisation’s rules do not apply to this user', async () => {
    await setRules({ doNotCall: ['+1'] }, 'other-org.example');
    try {
      expect((await dial('+14805550123')).status).toBe(202);
    } finally {
      await setRules(NONE, 'other-org.example');
    }
  });

  test('a dial costs one KV read more than before the rules existed: 1 in SESSIONS (the session), 2 in AUDIT_ARCHIVE (rules, audit key)', async () => {
    // Warm: the account's audit key exists, so the dial below makes no key writes.
    expect((await dial('+14805550123')).status).toBe(202);
    await h.waitForAuditPoints(1);
    const withRules: OrgRules = { doNotCall: ['+1900'], allowedCountries: ['US'], refusedClasses: ['premium_rate'] };
    for (const rules of [NONE, withRules]) {
      await setRules(rules);
      h.resetKvOps();
      expect((await dial('+14805550123')).status).toBe(202);
      expect(h.kvOps('SESSIONS').reads).toBe(1);
      expect(h.kvOps('AUDIT_ARCHIVE').reads).toBe(2);
    }
  });
});

describe('the staff command line (scripts/org-rules.ts)', () => {
  /** Sends what the CLI built, as the Access edge passes it on: the staff token becomes Cf-Access-Jwt-Assertion. */
  async function send(request: AdminRequest) {
    const { 'cf-access-token': token, ...headers } = request.headers;
    const path = request.url.slice('https://worker.example'.length);
    const response = await h.fetch(path, {
      method: request.method,
      headers: { ...headers, 'Cf-Access-Jwt-Assertion': token },
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    return readAnswer(response.status, await response.json());
  }
  const env = () => ({ WORKER: 'https://worker.example/', CF_ACCESS_TOKEN: validToken() });

  test('set, get and clear go through the admin route; dials follow', async () => {
    const set = orgRulesRequest(['set', DOMAIN, '--countries', 'us,ca', '--do-not-call', '+1480555'], env());
    expect(set.ok && set.data.method).toBe('PUT');
    if (!set.ok) return;
    const answer = await send(set.data);
    expect(answer.ok && answer.data.rules).toEqual({ allowedCountries: ['CA', 'US'], refusedClasses: [], doNotCall: ['+1480555'] });
    expect((await errorOf(await dial('+14805550123'))).refusal).toEqual({ code: 'do_not_call' });

    const get = orgRulesRequest(['get', DOMAIN], env());
    if (!get.ok) throw new Error(get.error);
    expect(get.data.url).toBe(`https://worker.example${ADMIN}?domain=${DOMAIN}`);
    const read = await send(get.data);
    expect(read.ok && read.data.rules.doNotCall).toEqual(['+1480555']);

    const clear = orgRulesRequest(['clear', DOMAIN], env());
    if (!clear.ok) throw new Error(clear.error);
    const cleared = await send(clear.data);
    expect(cleared.ok && cleared.data).toEqual({ domain: DOMAIN, rules: NONE, updatedAt: null });
    expect((await dial('+14805550123')).status).toBe(202);
  });

  test('wrong arguments are refused before anything is sent; the Worker’s errors are shown as one line', async () => {
    const wrong = [
      [[], env()],
      [['get'], env()],
      [['set', DOMAIN, '--refuse', 'expensive'], env()],
      [['set', DOMAIN, '--countries'], env()],
      [['clear', DOMAIN, '--countries', 'US'], env()],
      [['remove', DOMAIN], env()],
      [['get', DOMAIN], { WORKER: 'https://worker.example' }],
      [['get', DOMAIN], { CF_ACCESS_TOKEN: 'x' }],
    ] as const;
    for (const [args, environment] of wrong) expect(orgRulesRequest(args, environment).ok).toBe(false);
    const refused = orgRulesRequest(['get', DOMAIN], { ...env(), CF_ACCESS_TOKEN: validToken({ aud: 'another-app' }) });
    if (!refused.ok) throw new Error(refused.error);
    expect(await send(refused.data)).toEqual({ ok: false, error: '403 forbidden: The Cloudflare Access token is not valid for this API.' });
  });
});
