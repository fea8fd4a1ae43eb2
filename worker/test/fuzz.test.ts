/** A bounded, seeded fuzz run over every Worker endpoint and method: never a 5xx, always the JSON error shape, no echo of what was sent. */
import { ERROR_STATUS, ErrorBodySchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { AccessTeamFake, signJwt } from './fakes/access-jwks-fake';
import { EXTENSION_ORIGIN, startHarness, TEST_CLIENT_SECRET, type Harness } from './harness';
import { openSession, sealSession, sessionKvKey } from './session-vault';

jest.setTimeout(180_000);

const SEED = 0x7c2d_1e55;
const CASES = 600;
/** Put into every string the fuzzer sends; an answer that contains it echoed the request. */
const MARKER = 'EchoMarker9f3a';
const avery = DEMO_USERS.avery;

/** mulberry32: small, fast and the same on every run for the same seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (below: number): number => Math.floor(random() * below);

const PATHS = [
  '/v1/session',
  '/v1/calls',
  '/v1/devices',
  '/v1/policy',
  '/v1/admin/purge',
  '/v1/admin/org-rules',
  '/v1/admin/org-rules',
  '/v1/admin/org-rules?domain=voipcom-demo',
  `/v1/admin/org-rules?domain=${MARKER}%00`,
  '/v1/admin/org-rules?domain=',
  '/v1/admin/org-rules?domain=a&domain=b',
  '/v1/org-rules',
  '/v1/first-leg',
  '/v1/first-leg?device=1001a',
  `/v1/first-leg?device=${MARKER}`,
  '/v1/first-leg?device=%ff',
  '/v1/calls/AQJrMQ?seen=connected',
  `/v1/calls/AQJrMQ?seen=${MARKER}`,
  '/v1/session/',
  '/v1//calls',
  '/V1/SESSION',
  '/v1/calls?destination=4805550123',
  '/%2e%2e/v1/session',
  '/v1/calls%00',
  '/v1/session/../calls',
  '/',
  '/v2/session',
  `/v1/${MARKER}`,
  `/v1/calls#${MARKER}`,
  `/v1/calls/${MARKER}${'A'.repeat(20)}`,
  `/v1/calls/${'A'.repeat(600)}`,
  '/v1/calls/%2e%2e',
  '/v1/calls/AQJrMQ',
  '/v1/calls//x',
];
// TRACE and CONNECT are refused by fetch itself; PROPFIND stands for any method the API does not know.
const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND'];
const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/jsonp',
  'application/json\t',
  `application/${MARKER}`,
];
const UNICODE_DIGITS = ['٤٨٠٥٥٥٠١٢٣', '۴۸۰۵۵۵۰۱۲۳', '４８０５５５０１２３', '४८०५५५०१२३', '+１ ４８０ ５５５ ０１２３'];
const CONTROL = ['\u0000', '\u0007', '\b', '\u001b[31m', '\u202e', '\ufeff', '\ud800', '\r\n', '\u2028', '\u0085'];

function fuzzString(): string {
  switch (int(8)) {
    case 0:
      return pick(UNICODE_DIGITS);
    case 1:
      return `480${pick(CONTROL)}555${pick(CONTROL)}0123${MARKER}`;
    case 2:
      return `<script>alert('${MARKER}')</script>`;
    case 3:
      return `${MARKER}${'9'.repeat(int(300))}`;
    case 4:
      return `' OR 1=1 -- ${MARKER}`;
    case 5:
      return `${MARKER}\r\nSet-Cookie: x=1`;
    case 6:
      return `+1 (480) 555-01${int(100)}`;
    default:
      return `${MARKER}${String.fromCodePoint(...Array.from({ length: 1 + int(20) }, () => 1 + int(0x2ffff)).filter((c) => c < 0xd800 || c > 0xdfff))}`;
  }
}

function fuzzValue(depth = 0): unknown {
  switch (int(depth > 2 ? 5 : 8)) {
    case 0:
      return fuzzString();
    case 1:
      return pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.14]);
    case 2:
      return pick([true, false, null]);
    case 3:
      return int(2) === 0 ? [] : {};
    case 4:
      return fuzzString().slice(0, 40);
    case 5:
      return [fuzzValue(depth + 1), fuzzValue(depth + 1)];
    default:
      return {
        [pick(['destination', 'username', 'password', 'passcode', 'origination', 'uid', '__proto__', 'constructor', MARKER])]: fuzzValue(
          depth + 1,
        ),
      };
  }
}

/** Organisation rules near the valid shape, so the staff route's body is read and judged, not only refused. */
function fuzzOrgRules(): string {
  const list = (valid: string[]) => pick([[], valid, [fuzzString()], [...valid, ...valid], fuzzValue()]);
  return JSON.stringify({
    domain: pick(['voipcom-demo', 'Other-Org.example', fuzzString(), '', 'a'.repeat(129)]),
    rules: pick([
      {
        allowedCountries: list(['US', 'CU']),
        refusedClasses: list(['mobile', 'premium_rate']),
        doNotCall: list(['+1900', '+14805550123']),
      },
      { allowedCountries: [], refusedClasses: [], doNotCall: Array.from({ length: 400 + int(200) }, (_, i) => `+1${i}`) },
      fuzzValue(),
    ]),
  });
}

function fuzzBody(): string | Uint8Array | undefined {
  switch (int(16)) {
    case 14:
    case 15:
      return fuzzOrgRules();
    case 0:
      return undefined;
    case 1:
      return '';
    case 2:
      return pick([
        '{',
        '{"destination":',
        '[1,2',
        'nul',
        '{"a":1}}',
        '"\\u12"',
        `{'destination':'${MARKER}'}`,
        '{"destination":"4805550123",}',
      ]);
    // Up to 15 times the limit: the Worker answers 413 before reading it all, and a body larger than the socket
    // buffers would be cut off by workerd closing the connection, which a client sees as a reset, not an answer.
    case 3:
      return 'x'.repeat(4097 + int(60_000));
    case 4:
      return JSON.stringify({ destination: 'x'.repeat(5_000), note: MARKER });
    case 5:
      return '['.repeat(2_000) + ']'.repeat(2_000);
    case 6:
      return new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);
    case 7:
      return JSON.stringify({ destination: pick(UNICODE_DIGITS) });
    case 8:
      return JSON.stringify({ destination: fuzzString(), origination: fuzzString() });
    case 9:
      return JSON.stringify({ username: fuzzString(), password: `${MARKER}-pw`, passcode: fuzzString() });
    case 10:
      return JSON.stringify({ username: avery.username, password: `${MARKER}-wrong`, extra: MARKER });
    case 11:
      return JSON.stringify({ uid: fuzzString() });
    case 12:
      return `{"__proto__":{"polluted":"${MARKER}"},"destination":"4805550123"}`;
    default:
      return JSON.stringify(fuzzValue());
  }
}

interface Sessions {
  valid: string;
  expired: string;
  tampered: string;
}

function flipBit(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const at = int(text.length);
  const next = alphabet[(alphabet.indexOf(text[at]) + 1 + int(63)) % 64];
  return text.slice(0, at) + next + text.slice(at + 1);
}

function fuzzAuthorization(sessions: Sessions): string | undefined {
  const randomId = Buffer.from(Array.from({ length: 32 }, () => int(256))).toString('base64url');
  switch (int(13)) {
    case 0:
      return undefined;
    case 1:
      return `Bearer ${sessions.valid}`;
    case 2:
      return `Bearer ${flipBit(sessions.valid)}`;
    case 3:
      return `Bearer ${sessions.valid.slice(0, 42)}`;
    case 4:
      return `Bearer ${sessions.valid}A`;
    case 5:
      return `Bearer ${randomId}`;
    case 6:
      return `Bearer ${sessions.expired}`;
    case 7:
      return `Bearer ${sessions.tampered}`;
    case 8:
      return `bearer ${sessions.valid}`;
    case 9:
      return `Basic ${Buffer.from(`${avery.username}:${MARKER}`).toString('base64')}`;
    case 10:
      return `Bearer ${sessions.valid} ${MARKER}`;
    case 11:
      return `Bearer ${'-'.repeat(43)}`;
    default:
      return `Bearer ${MARKER}${'A'.repeat(int(9_000))}`;
  }
}

function fuzzHeaders(sessions: Sessions): Record<string, string> {
  const headers: Record<string, string> = {};
  const authorization = fuzzAuthorization(sessions);
  if (authorization !== undefined) headers['Authorization'] = authorization;
  const contentType = pick(CONTENT_TYPES);
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  switch (int(8)) {
    case 0:
      headers['Origin'] = pick([EXTENSION_ORIGIN, 'https://evil.example', 'null', `chrome-extension://${'a'.repeat(32)}`]);
      break;
    // Header injection: the client refuses CR/LF and NUL itself (counted below); the rest reach the Worker.
    case 1:
      headers['X-Injected'] = `${MARKER}\r\nX-Evil: 1`;
      break;
    case 2:
      headers['User-Agent'] = `${MARKER}\u0000`;
      break;
    case 3:
      headers['Content-Length'] = pick(['-1', '99999999999', 'abc', '0']);
      break;
    case 4:
      headers['CF-Connecting-IP'] = pick(['', '::1', '999.1.1.1', MARKER]);
      break;
    case 5:
      headers['Cf-Access-Jwt-Assertion'] = pick([`${MARKER}.x.y`, 'e30.e30.', 'a'.repeat(8_000), staffToken(), staffToken()]);
      break;
    case 6:
      headers['X-Forwarded-For'] = `${MARKER}\tvalue`;
      break;
    default:
      break;
  }
  return headers;
}

/** A valid Cloudflare Access token of the fake team, so staff routes get past authentication and their input is fuzzed too. */
function staffToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(access.published[0], { iss: access.teamDomain, aud: access.audience, exp: now + 600, email: 'fuzz@voipcom.example' });
}

let h: Harness;
let sessions: Sessions;
const secrets: string[] = [];
/** The admin route as deployed, behind Access: unconfigured it answers 503 admin_not_configured to everyone. */
const access = new AccessTeamFake('c2d-fuzz-audience');

beforeAll(async () => {
  await access.start();
  h = await startHarness({ vars: access.vars });
  const valid = await h.signIn();
  const expired = await h.signIn();
  const tampered = await h.signIn();
  const kv = await h.kv('SESSIONS');
  // Expired: last written 31 days ago (KV would still serve it for an hour). Tampered: one ciphertext byte changed.
  const expiredKey = sessionKvKey(expired);
  const { record } = openSession(h.sessionKeys, expiredKey, (await kv.get(expiredKey, 'text')) ?? '');
  const lastWrite = Math.floor(Date.now() / 1000) - 31 * 86_400;
  await kv.put(expiredKey, sealSession(h.sessionKeys, 'k1', expiredKey, record), {
    metadata: { lastWrite },
    expiration: lastWrite + 32 * 86_400,
  });
  const tamperedKey = sessionKvKey(tampered);
  const sealed = JSON.parse((await kv.get(tamperedKey, 'text')) ?? '{}') as { ct: string };
  await kv.put(tamperedKey, JSON.stringify({ ...sealed, ct: flipBit(sealed.ct) }), {
    expirationTtl: 3600,
    metadata: { lastWrite: Math.floor(Date.now() / 1000) },
  });
  sessions = { valid, expired, tampered };
  secrets.push(avery.password, TEST_CLIENT_SECRET, valid, expired, tampered, record.accessToken, record.refreshToken, MARKER);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await access.stop();
});

test(`${CASES} seeded hostile requests: no 5xx, the error shape on every non-2xx, nothing echoed`, async () => {
  const problems: string[] = [];
  let reached = 0;
  let refusedByClient = 0;
  for (let i = 0; i < CASES; i++) {
    const method = pick(METHODS);
    const path = pick(PATHS);
    const headers = fuzzHeaders(sessions);
    const body = method === 'GET' || method === 'HEAD' ? undefined : fuzzBody();
    const label = `#${i} ${method} ${path} ${JSON.stringify(headers).slice(0, 160)} ${typeof body === 'string' ? body.slice(0, 80) : String(body)}`;
    let response: Awaited<ReturnType<Harness['fetch']>>;
    try {
      response = await h.fetch(path, { method, headers, body });
    } catch (error) {
      // undici refuses invalid header values (CR, LF, NUL) before anything is sent: they never reach the Worker.
      if (error instanceof TypeError && /header|ByteString|invalid/i.test(`${error.message} ${String(error.cause)}`)) {
        refusedByClient++;
        continue;
      }
      throw error;
    }
    reached++;
    const text = await response.text();
    if (response.status >= 500) problems.push(`${label} → ${response.status} ${text.slice(0, 200)}`);
    // A staff request past Access may read back the organisation it named: that answer names the domain it was given.
    const namesItsDomain = response.status < 300 && path.startsWith('/v1/admin/org-rules');
    const echoed = secrets
      .filter((secret) => !(namesItsDomain && secret === MARKER))
      .filter((secret) => text.includes(secret) || [...response.headers.values()].some((value) => value.includes(secret)));
    if (echoed.length > 0) problems.push(`${label} → echoed ${echoed.length} secret value(s): ${text.slice(0, 200)}`);
    const ok = response.status < 300;
    if (ok || method === 'HEAD') continue;
    let parsed: ReturnType<typeof ErrorBodySchema.safeParse>;
    try {
      parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    } catch {
      problems.push(`${label} → ${response.status} not JSON: ${text.slice(0, 200)}`);
      continue;
    }
    if (!parsed.success) problems.push(`${label} → ${response.status} not the error shape: ${text.slice(0, 200)}`);
    else if (ERROR_STATUS[parsed.data.error.code] !== response.status)
      problems.push(`${label} → ${response.status} with code ${parsed.data.error.code}`);
    if (response.headers.get('Content-Type')?.startsWith('application/json') !== true)
      problems.push(`${label} → error without a JSON content type`);
  }
  expect(problems).toEqual([]);
  // The run was not all refused by the client.
  expect(reached).toBeGreaterThan(CASES / 2);
  expect(reached + refusedByClient).toBe(CASES);
});

const STAFF_CASES = 200;

test(`${STAFF_CASES} seeded requests to the staff org-rules route, mostly past Access: no 5xx, the error shape, only its domain read back`, async () => {
  const problems: string[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < STAFF_CASES; i++) {
    const method = pick(['PUT', 'PUT', 'PUT', 'GET', 'POST', 'DELETE']);
    const path = pick([
      '/v1/admin/org-rules',
      '/v1/admin/org-rules',
      `/v1/admin/org-rules?domain=${encodeURIComponent(fuzzString().replace(/[\ud800-\udfff]/g, ''))}`,
      '/v1/admin/org-rules?domain=voipcom-demo',
    ]);
    const headers: Record<string, string> = { 'Content-Type': pick(['application/json', 'application/json', 'text/plain']) };
    const token = pick([staffToken(), staffToken(), staffToken(), `${MARKER}.x.y`, undefined]);
    if (token !== undefined) headers['Cf-Access-Jwt-Assertion'] = token;
    const body = method === 'GET' ? undefined : pick([fuzzOrgRules(), fuzzOrgRules(), fuzzBody()]);
    const label = `#${i} ${method} ${path.slice(0, 80)} ${typeof body === 'string' ? body.slice(0, 120) : String(body)}`;
    const response = await h.fetch(path, { method, headers, body });
    statuses.add(response.status);
    const text = await response.text();
    if (response.status >= 500) problems.push(`${label} → ${response.status} ${text.slice(0, 200)}`);
    const leaked = secrets.filter((secret) => secret !== MARKER && text.includes(secret));
    if (leaked.length > 0) problems.push(`${label} → echoed a secret`);
    if (response.status < 300) continue;
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    if (!parsed.success) problems.push(`${label} → ${response.status} not the error shape: ${text.slice(0, 200)}`);
    else if (ERROR_STATUS[parsed.data.error.code] !== response.status)
      problems.push(`${label} → ${response.status} with code ${parsed.data.error.code}`);
    // An error never repeats what was sent (a 200 names the domain it set or read, by design).
    if (text.includes(MARKER)) problems.push(`${label} → ${response.status} echoed the request: ${text.slice(0, 200)}`);
  }
  expect(problems).toEqual([]);
  // The run reached past Access into writing (200) and judging input (400), and met refusals (401/403/405/413/415).
  expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 403, 405]));
  // Whatever the run left, the route still reads and clears.
  const clear = await h.fetch('/v1/admin/org-rules', {
    method: 'PUT',
    headers: { 'Cf-Access-Jwt-Assertion': staffToken() },
    json: { domain: 'voipcom-demo', rules: { allowedCountries: [], refusedClasses: [], doNotCall: [] } },
  });
  expect(clear.status).toBe(200);
});

test('after the run the valid session still works and the tampered and expired ones are refused with 401', async () => {
  expect((await h.fetch('/v1/session', { session: sessions.valid })).status).toBe(200);
  for (const session of [sessions.expired, sessions.tampered]) {
    const response = await h.fetch('/v1/session', { session });
    expect(response.status).toBe(401);
    expect(ErrorBodySchema.parse(await response.json()).error.code).toBe('session_expired');
  }
});
