/** GET user and devices: bearer checks, `~` resolution, acting only on one's own user, unknown paths. */
import { CROWD_DOMAIN, crowdUsers, MAX_CROWD_USERS, type Simulator } from '../src/index';
import { avery, blake, getWithToken, json, passwordGrant, postJson, signIn, start } from './helpers';

describe('user and devices', () => {
  let sim: Simulator;
  let averyToken: string;
  beforeAll(async () => {
    sim = await start();
    averyToken = (await signIn(sim, avery)).access_token;
  });
  afterAll(() => sim.close());

  it.each(['~/users/~', 'voipcom-demo/users/1001', '~/users/1001', 'VOIPCOM-DEMO/users/~'])(
    'GET /domains/%s answers the token owner',
    async (path) => {
      const response = await getWithToken(`${sim.apiBase}/domains/${path}`, averyToken);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await json(response)).toMatchObject({
        domain: 'voipcom-demo',
        user: '1001',
        'name-first-name': 'Avery',
        'name-last-name': 'Demo',
        'user-scope': 'Basic User',
      });
    },
  );

  it("lists the user's devices in the Device shape", async () => {
    const response = await getWithToken(`${sim.apiBase}/domains/~/users/~/devices`, averyToken);
    expect(response.status).toBe(200);
    const devices = (await response.json()) as Record<string, unknown>[];
    expect(devices.map((device) => device['device'])).toEqual(['1001a', '1001b', '1001c']);
    expect(devices[0]).toMatchObject({
      user: '1001',
      domain: 'voipcom-demo',
      'device-sip-registration-uri': 'sip:1001a@voipcom-demo',
      'device-sip-registration-state': 'registered',
      'device-models-model': avery.devices[0].model,
      'device-sip-registration-user-agent': avery.devices[0].userAgent,
    });
  });

  it('gives the MFA user their own two devices', async () => {
    const blakeToken = (await signIn(sim, blake)).access_token;
    const response = await getWithToken(`${sim.apiBase}/domains/~/users/~/devices`, blakeToken);
    const devices = (await response.json()) as Record<string, unknown>[];
    expect(devices.map((device) => device['device'])).toEqual(['1002a', '1002b']);
  });

  it.each(['voipcom-demo/users/1002', '~/users/1002', 'other-domain/users/~', 'other-domain/users/1001', '*/users/~'])(
    'answers 403 for /domains/%s with another user or domain',
    async (path) => {
      for (const suffix of ['', '/devices', '/calls']) {
        const response = await getWithToken(`${sim.apiBase}/domains/${path}${suffix}`, averyToken);
        expect(response.status).toBe(403);
        expect(await json(response)).toEqual({ code: 403, message: 'Forbidden' });
      }
    },
  );

  it.each([
    ['no Authorization header', {}],
    ['a Basic scheme', { Authorization: 'Basic MTAwMTpwYXNzd29yZA==' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
    ['an unknown token', { Authorization: 'Bearer 0123456789abcdef0123456789abcdef' }],
  ])('answers 401 for %s', async (_case, headers) => {
    const response = await fetch(`${sim.apiBase}/domains/~/users/~/devices`, { headers });
    expect(response.status).toBe(401);
    expect((await json(response))['code']).toBe(401);
  });

  it('answers 400 for a path parameter the spec does not allow', async () => {
    const response = await getWithToken(`${sim.apiBase}/domains/bad%20domain/users/~`, averyToken);
    expect(response.status).toBe(400);
    expect((await json(response))['code']).toBe(400);
  });

  it.each(['/nothing', '/domains/~/users/~/voicemails', '/domains/~', '/tokens/extra', ''])(
    'answers 404 {code, message} for /ns-api/v2%s',
    async (path) => {
      const response = await getWithToken(`${sim.apiBase}${path}`, averyToken);
      expect(response.status).toBe(404);
      expect(await json(response)).toEqual({ code: 404, message: 'Not Found' });
    },
  );

  it('answers 404 outside /ns-api/v2 and /_sim/', async () => {
    const response = await fetch(`${sim.origin}/ns-api/oauth2/token/`);
    expect(response.status).toBe(404);
    expect((await json(response))['code']).toBe(404);
  });

  it('answers 405 for a method the path does not take', async () => {
    const response = await fetch(`${sim.apiBase}/domains/~/users/~/devices`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${averyToken}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('crowd users (the crowdUsers option, for load runs)', () => {
  let sim: Simulator;
  const crowd = crowdUsers(3);
  beforeAll(async () => {
    sim = await start({ crowdUsers: 3 });
  });
  afterAll(() => sim.close());

  it('signs each crowd user in with its own password and lists only its own registered phone', async () => {
    const [first, , last] = crowd;
    for (const user of [first, last]) {
      const token = (await signIn(sim, user)).access_token;
      const response = await getWithToken(`${sim.apiBase}/domains/~/users/~/devices`, token);
      const devices = (await response.json()) as Record<string, unknown>[];
      expect(devices).toEqual([
        expect.objectContaining({ device: `${user.user}a`, domain: CROWD_DOMAIN, 'device-sip-registration-state': 'registered' }),
      ]);
    }
  });

  it('still signs the demo users in, and refuses a crowd user beyond the count', async () => {
    expect((await signIn(sim, avery)).access_token).toEqual(expect.any(String));
    const [beyond] = crowdUsers(4).slice(3);
    const response = await postJson(`${sim.apiBase}/tokens`, passwordGrant(beyond));
    expect(response.status).toBe(401);
  });

  it('refuses a count outside 0 to MAX_CROWD_USERS', () => {
    expect(() => crowdUsers(MAX_CROWD_USERS + 1)).toThrow(RangeError);
    expect(() => crowdUsers(-1)).toThrow(RangeError);
  });
});
