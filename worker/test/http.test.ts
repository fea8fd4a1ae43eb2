/** The HTTP surface: bodies, content types, CORS, security headers, 404/405, policy, config errors, sign-in limits, PBX faults. */
import { ErrorBodySchema, MAX_REQUEST_BYTES, PolicyResponseSchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { EXTENSION_ORIGIN, startHarness, type Harness } from './harness';

jest.setTimeout(30_000);

const avery = DEMO_USERS.avery;
const credentials = { username: avery.username, password: avery.password };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.simulator.setFault(null);
});

async function errorOf(response: { status: number; json(): Promise<unknown> }) {
  return ErrorBodySchema.parse(await response.json()).error;
}

function signInWith(body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return h.fetch('/v1/session', { method: 'POST', body, headers });
}

describe('request bodies', () => {
  test('malformed JSON is 400 invalid_request', async () => {
    const response = await signInWith('{"username": "1001@voipcom-demo", "password": ');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_request');
  });

  test('a schema failure names the field and never echoes the password', async () => {
    const password = 'Very-Secret-Password-42';
    const response = await h.fetch('/v1/session', { method: 'POST', json: { username: '', password, extra: password } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('username');
    expect(error.message).not.toContain(password);
  });

  test('a body over MAX_REQUEST_BYTES is 413, by Content-Length or by streamed length', async () => {
    const big = JSON.stringify({ ...credentials, password: 'x'.repeat(MAX_REQUEST_BYTES) });
    const declared = await signInWith(big);
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe('payload_too_large');

    const chunk = new TextEncoder().encode(big.slice(0, 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= MAX_REQUEST_BYTES + 2048) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await h.fetch('/v1/session', { method: 'POST', body: stream, headers: { 'Content-Type': 'application/json' } });
    expect(streamed.status).toBe(413);
  });

  test('a body that is not application/json is 415', async () => {
    const response = await signInWith(JSON.stringify(credentials), { 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('unsupported_media_type');
    const form = await signInWith('username=a&password=b', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  test('application/json with a charset is accepted', async () => {
    const response = await signInWith(JSON.stringify(credentials), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(response.status).toBe(201);
  });
});

describe('routing, headers and CORS', () => {
  test('unknown path → 404 JSON, wrong method → 405 JSON with Allow', async () => {
    const missing = await h.fetch('/v1/nothing');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
    const wrong = await h.fetch('/v1/policy', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toContain('GET');
    expect((await errorOf(wrong)).code).toBe('method_not_allowed');
  });

  test('every answer carries the security headers', async () => {
    for (const response of [await h.fetch('/v1/policy'), await h.fetch('/v1/nothing'), await h.fetch('/v1/session')]) {
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(response.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d+/);
      await response.arrayBuffer();
    }
  });

  test('the extension origin gets CORS headers; another origin is refused without them', async () => {
    const allowed = await h.fetch('/v1/policy', { headers: { Origin: EXTENSION_ORIGIN } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
    await allowed.arrayBuffer();

    const other = await h.fetch('/v1/policy', { headers: { Origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect((await errorOf(other)).code).toBe('forbidden');
  });

  test('any install of the Firefox package (moz-extension://<its random UUID>) gets CORS headers; a malformed one is refused', async () => {
    const install = 'moz-extension://0c2d7a3e-5b1f-4e8a-9d6c-3f4e5a6b7c8d';
    const allowed = await h.fetch('/v1/policy', { headers: { Origin: install } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(install);
    await allowed.arrayBuffer();
    for (const origin of ['moz-extension://*', 'moz-extension://evil.example', `${install}.evil.example`]) {
      const other = await h.fetch('/v1/policy', { headers: { Origin: origin } });
      expect(other.status).toBe(403);
      expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
      await other.arrayBuffer();
    }
  });

  /** Every route that acts for a user; each must ask for the session bearer, whatever the Origin. */
  const SESSION_ROUTES: ReadonlyArray<readonly [string, string]> = [
    ['GET', '/v1/session'],
    ['DELETE', '/v1/session'],
    ['POST', '/v1/calls'],
    ['GET', '/v1/calls/a1b2c3d4'],
    ['DELETE', '/v1/calls/a1b2c3d4'],
    ['GET', '/v1/devices'],
    ['POST', '/v1/numbers/describe'],
    ['GET', '/v1/first-leg'],
    ['GET', '/v1/org-rules'],
  ];
  const OUR_INSTALL = 'moz-extension://0c2d7a3e-5b1f-4e8a-9d6c-3f4e5a6b7c8d';
  const OTHER_ADD_ON = 'moz-extension://9f8e7d6c-5b4a-4392-8181-7a6b5c4d3e2f';

  test('another Firefox add-on (moz-extension://<its own UUID>) passes the origin check of the moz-extension://* entry, but no route acts for it without a session bearer', async () => {
    // What is true with the shipped configuration: Firefox installs have random origins, so the entry admits any add-on.
    expect(h.vars['ALLOWED_ORIGINS']?.split(',')).toContain('moz-extension://*');
    const policy = await h.fetch('/v1/policy', { headers: { Origin: OTHER_ADD_ON } });
    expect(policy.status).toBe(200);
    expect(policy.headers.get('Access-Control-Allow-Origin')).toBe(OTHER_ADD_ON);
    await policy.arrayBuffer();
    for (const [method, path] of SESSION_ROUTES) {
      const response = await h.fetch(path, {
        method,
        headers: { Origin: OTHER_ADD_ON, 'Content-Type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect([method, path, response.status]).toEqual([method, path, 401]);
      expect((await errorOf(response)).code).toBe('unauthorized');
    }
  });

  test("with the Firefox install origins listed exactly, another add-on's origin gets 403 without CORS headers, preflight included", async () => {
    const shipped = h.vars['ALLOWED_ORIGINS'] ?? '';
    await h.reconfigure({ vars: { ...h.vars, ALLOWED_ORIGINS: `${EXTENSION_ORIGIN},${OUR_INSTALL}` } });
    try {
      const ours = await h.fetch('/v1/policy', { headers: { Origin: OUR_INSTALL } });
      expect(ours.status).toBe(200);
      expect(ours.headers.get('Access-Control-Allow-Origin')).toBe(OUR_INSTALL);
      await ours.arrayBuffer();
      const other = await h.fetch('/v1/policy', { headers: { Origin: OTHER_ADD_ON } });
      expect(other.status).toBe(403);
      expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
      expect((await errorOf(other)).code).toBe('forbidden');
      const preflight = await h.fetch('/v1/calls', {
        method: 'OPTIONS',
        headers: {
          Origin: OTHER_ADD_ON,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
      await preflight.arrayBuffer();
    } finally {
      await h.reconfigure({ vars: { ...h.vars, ALLOWED_ORIGINS: shipped } });
    }
  });

  test('preflight: allowed origin → 204 with methods and headers; other origin → 403', async () => {
    const preflight = {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    };
    const allowed = await h.fetch('/v1/calls', { ...preflight, headers: { ...preflight.headers, Origin: EXTENSION_ORIGIN } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
    expect(allowed.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(allowed.headers.get('Access-Control-Allow-Headers')).toContain('Authorization');
    expect(allowed.headers.get('Access-Control-Allow-Origin')).not.toBe('*');

    const other = await h.fetch('/v1/calls', { ...preflight, headers: { ...preflight.headers, Origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    await other.arrayBuffer();
  });
});

describe('request rate limit per IP', () => {
  test('[policy: apply rate limits to prevent abuse] over REQUEST_IP_LIMITER: 429 with Retry-After for that IP only', async () => {
    await h.reconfigure({ rateLimits: { REQUEST_IP_LIMITER: { limit: 2, period: 60 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await h.fetch('/v1/policy', { ip: '192.0.2.200' });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(response.headers.get('Retry-After')).toBe('60');
          expect((await errorOf(response)).code).toBe('rate_limited');
        } else {
          await response.arrayBuffer();
        }
      }
      expect(statuses).toEqual([200, 200, 429]);
      const other = await h.fetch('/v1/policy', { ip: '192.0.2.201' });
      expect(other.status).toBe(200);
      await other.arrayBuffer();
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });

  test('errors to the allowed origin carry CORS headers, so the extension can read them', async () => {
    const response = await h.fetch('/v1/session', { headers: { Origin: EXTENSION_ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
    expect(response.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
    await response.arrayBuffer();
  });
});

describe('policy and configuration', () => {
  test('GET /v1/policy: the current version, upcoming null when not announced', async () => {
    const body = PolicyResponseSchema.parse(await (await h.fetch('/v1/policy')).json());
    expect(body).toEqual({ current: { effective: h.vars['POLICY_EFFECTIVE'], url: h.vars['POLICY_URL'] }, upcoming: null });
  });

  test('an announced policy appears as upcoming; a broken config is a bare 500', async () => {
    const upcoming = {
      effective: '2027-01-15',
      url: 'https://voipcom.network/click-to-dial/privacy-2027',
      summary: 'Audit records kept 6 months.',
      announced: '2026-11-01',
    };
    await h.reconfigure({
      vars: {
        POLICY_UPCOMING_EFFECTIVE: upcoming.effective,
        POLICY_UPCOMING_URL: upcoming.url,
        POLICY_UPCOMING_SUMMARY: upcoming.summary,
        POLICY_UPCOMING_ANNOUNCED: upcoming.announced,
      },
    });
    expect(PolicyResponseSchema.parse(await (await h.fetch('/v1/policy')).json()).upcoming).toEqual(upcoming);

    await h.reconfigure({ vars: { NS_TIMEOUT_MS: 'soon' } });
    const broken = await h.fetch('/v1/policy');
    expect(broken.status).toBe(500);
    const error = await errorOf(broken);
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('NS_TIMEOUT_MS');
    expect(broken.headers.get('X-Content-Type-Options')).toBe('nosniff');
    await h.reconfigure({ vars: {} });
    expect((await h.fetch('/v1/policy')).status).toBe(200);
  });

  test('[policy: material changes are announced 14 days ahead] a change taking effect less than 14 days after its announcement is a configuration error; before its announcement day it is not shown', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const announce = (effective: string, announced: string) =>
      h.reconfigure({
        vars: {
          POLICY_UPCOMING_EFFECTIVE: effective,
          POLICY_UPCOMING_URL: 'https://voipcom.network/click-to-dial/privacy-next',
          POLICY_UPCOMING_SUMMARY: 'Shorter retention.',
          POLICY_UPCOMING_ANNOUNCED: announced,
        },
      });
    await announce(day(13), day(0));
    expect((await h.fetch('/v1/policy')).status).toBe(500);
    await announce(day(20), '');
    expect((await h.fetch('/v1/policy')).status).toBe(500);
    // Announced from tomorrow: not shown yet; from today: shown, 14 days ahead.
    await announce(day(20), day(1));
    expect(PolicyResponseSchema.parse(await (await h.fetch('/v1/policy')).json()).upcoming).toBeNull();
    await announce(day(14), day(0));
    expect(PolicyResponseSchema.parse(await (await h.fetch('/v1/policy')).json()).upcoming?.effective).toBe(day(14));
    await h.reconfigure({ vars: {} });
  });

  test('[policy: credentials go only to the authentication endpoint over TLS] an NS_API_BASE that is plain http: and not loopback is a configuration error, so no sign-in goes out', async () => {
    await h.reconfigure({ vars: { NS_API_BASE: 'http://pbx.example.net/ns-api/v2' } });
    const refused = await signInWith(JSON.stringify(credentials));
    expect(refused.status).toBe(500);
    expect((await errorOf(refused)).code).toBe('internal_error');
    await h.reconfigure({ vars: {} });
    // The harness's simulator is plain http on 127.0.0.1: loopback is allowed for development.
    expect((await signInWith(JSON.stringify(credentials))).status).toBe(201);
  });
});

describe('PBX misbehaviour during sign-in', () => {
  test.each([
    ['a 5xx', { kind: 'status', status: 500 } as const],
    ['an HTML page', { kind: 'html' } as const],
    ['malformed JSON', { kind: 'malformed-json' } as const],
  ])('%s is 502 upstream_error', async (_name, fault) => {
    h.simulator.setFault({ fault, pathPrefix: '/tokens' });
    const response = await h.fetch('/v1/session', { method: 'POST', json: credentials });
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('upstream_error');
  });

  test('the PBX rate-limiting is 429 with its Retry-After', async () => {
    h.simulator.setFault({ fault: { kind: 'rate-limit', retryAfterSeconds: 17 }, pathPrefix: '/tokens' });
    const response = await h.fetch('/v1/session', { method: 'POST', json: credentials });
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe('17');
    expect((await errorOf(response)).code).toBe('rate_limited');
  });

  test('a PBX slower than NS_TIMEOUT_MS is 504 upstream_timeout', async () => {
    await h.reconfigure({ vars: { NS_TIMEOUT_MS: '300' } });
    try {
      h.simulator.setFault({ fault: { kind: 'delay', ms: 5_000 }, pathPrefix: '/tokens', times: 1 });
      const response = await h.fetch('/v1/session', { method: 'POST', json: credentials });
      expect(response.status).toBe(504);
      expect((await errorOf(response)).code).toBe('upstream_timeout');
    } finally {
      await h.reconfigure({ vars: {} });
    }
  });
});

describe('sign-in rate limits (the limits in wrangler.toml)', () => {
  beforeAll(async () => {
    await h.reconfigure({ rateLimits: 'wrangler.toml' });
  });
  afterAll(async () => {
    await h.reconfigure({ rateLimits: {} });
  });

  /** One sign-in attempt; answers the status (and checks a 429's shape). */
  async function attempt(ip: string, username: string, password: string): Promise<number> {
    const response = await h.fetch('/v1/session', { method: 'POST', ip, json: { username, password } });
    if (response.status === 429) {
      expect(response.headers.get('Retry-After')).toBe('60');
      expect((await errorOf(response)).code).toBe('rate_limited');
    } else {
      await response.arrayBuffer();
    }
    return response.status;
  }

  test('[policy: apply rate limits to prevent abuse] per username and IP: a stranger’s 6th wrong password in a minute is 429, and the user still signs in from their own address', async () => {
    const statuses: number[] = [];
    // Username spelled in capitals: the limit is per account, however it is typed.
    for (let i = 0; i < 6; i++) statuses.push(await attempt('198.51.100.66', avery.username.toUpperCase(), `wrong-${i}`));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The same stranger with the right password is refused too: the limit holds whatever is tried.
    expect(await attempt('198.51.100.66', avery.username, avery.password)).toBe(429);
    expect(await attempt('203.0.113.5', avery.username, avery.password)).toBe(201);
  });

  test('per username over all addresses: the 31st attempt in a minute is 429 from every address', async () => {
    // An unknown account: the PBX answers 401 as for a wrong password. Six addresses, five tries each.
    const username = 'guessed-ceiling@voipcom-demo';
    const statuses: number[] = [];
    for (let ip = 1; ip <= 6; ip++)
      for (let i = 0; i < 5; i++) statuses.push(await attempt(`198.51.100.${100 + ip}`, username, `wrong-${i}`));
    expect(statuses).toEqual(Array.from({ length: 30 }, () => 401));
    expect(await attempt('198.51.100.120', username, 'wrong')).toBe(429);
    // Other accounts are not affected.
    expect(await attempt('198.51.100.120', `other-${username}`, 'wrong')).toBe(401);
  });

  test('per IP: the 11th attempt from one address is 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await h.fetch('/v1/session', {
        method: 'POST',
        ip: '192.0.2.77',
        json: { username: `user${i}@voipcom-demo`, password: 'wrong' },
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
