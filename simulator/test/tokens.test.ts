/** POST /tokens: password, refresh_token and mfa grants, client checks, validation and token expiry. */
import type { Simulator } from '../src/index';
import {
  avery,
  blake,
  CLIENT_ID,
  getWithToken,
  json,
  mfaGrant,
  passwordGrant,
  postJson,
  refreshGrant,
  signIn,
  start,
  tokenBody,
} from './helpers';

describe('POST /tokens', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  const me = () => `${sim.apiBase}/domains/~/users/~`;

  describe('password grant', () => {
    it('answers an AccessToken for the user', async () => {
      const body = await tokenBody(sim, passwordGrant(avery));
      expect(body).toMatchObject({
        uid: '1001@voipcom-demo',
        user: '1001',
        domain: 'voipcom-demo',
        displayName: 'Avery Demo',
        token_type: 'Bearer',
        expires_in: 3600,
        client_id: CLIENT_ID,
      });
      expect(body['access_token']).toMatch(/^[0-9a-f]{32}$/);
      expect(body['refresh_token']).toMatch(/^[0-9a-f]{32}$/);
      expect(body['user_scope']).not.toBe('mfa_required');
      expect((await getWithToken(me(), String(body['access_token']))).status).toBe(200);
    });

    it('accepts the username in any case', async () => {
      await tokenBody(sim, passwordGrant(avery, { username: avery.username.toUpperCase() }));
    });

    it.each([
      ['a wrong password', { password: 'wrong' }],
      ['an unknown user', { username: '1999@voipcom-demo' }],
    ])('answers 401 with the same message for %s', async (_case, overrides) => {
      const response = await postJson(`${sim.apiBase}/tokens`, passwordGrant(avery, overrides));
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({ code: 401, message: 'Invalid username or password' });
    });

    it.each([
      ['client_secret', { client_secret: 'wrong-secret' }],
      ['client_id', { client_id: 'other-client' }],
    ])('answers 401 for a wrong %s, even with the right password', async (_field, overrides) => {
      const response = await postJson(`${sim.apiBase}/tokens`, passwordGrant(avery, overrides));
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({ code: 401, message: 'Invalid client_id or client_secret' });
    });
  });

  describe('request validation', () => {
    it.each([
      ['a missing password', { ...passwordGrant(avery), password: undefined }],
      ['a missing client_secret', { ...passwordGrant(avery), client_secret: undefined }],
      ['an unknown grant_type', passwordGrant(avery, { grant_type: 'client_credentials' })],
      ['a number as username', { ...passwordGrant(avery), username: 1001 }],
      ['an array', [passwordGrant(avery)]],
    ])('answers 400 {code, message} for %s', async (_case, body) => {
      const response = await postJson(`${sim.apiBase}/tokens`, body);
      expect(response.status).toBe(400);
      const error = await json(response);
      expect(error['code']).toBe(400);
      expect(typeof error['message']).toBe('string');
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await fetch(`${sim.apiBase}/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"grant_type":',
      });
      expect(response.status).toBe(400);
      expect(await json(response)).toEqual({ code: 400, message: 'Request body is not valid JSON' });
    });

    it('answers 400 for a form-encoded body', async () => {
      const response = await fetch(`${sim.apiBase}/tokens`, {
        method: 'POST',
        body: new URLSearchParams(passwordGrant(avery)),
      });
      expect(response.status).toBe(400);
    });

    it('answers 405 for GET', async () => {
      const response = await fetch(`${sim.apiBase}/tokens`);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });
  });

  describe('refresh_token grant', () => {
    it('issues a new pair and invalidates the old refresh token', async () => {
      const first = await signIn(sim, avery);
      const second = await tokenBody(sim, refreshGrant(first.refresh_token));
      expect(second['uid']).toBe(avery.uid);
      expect(second['refresh_token']).not.toBe(first.refresh_token);
      expect(second['access_token']).not.toBe(first.access_token);
      expect((await getWithToken(me(), String(second['access_token']))).status).toBe(200);

      const replay = await postJson(`${sim.apiBase}/tokens`, refreshGrant(first.refresh_token));
      expect(replay.status).toBe(401);
      expect(await json(replay)).toEqual({ code: 401, message: 'Invalid refresh token' });
      await tokenBody(sim, refreshGrant(String(second['refresh_token'])));
    });

    it('answers 401 for a wrong client_secret and keeps the refresh token usable', async () => {
      const { refresh_token } = await signIn(sim, avery);
      const wrong = await postJson(`${sim.apiBase}/tokens`, { ...refreshGrant(refresh_token), client_secret: 'x' });
      expect(wrong.status).toBe(401);
      await tokenBody(sim, refreshGrant(refresh_token));
    });

    it('refuses every refresh token after revokeRefreshTokens()', async () => {
      const { refresh_token } = await signIn(sim, avery);
      sim.revokeRefreshTokens();
      expect((await postJson(`${sim.apiBase}/tokens`, refreshGrant(refresh_token))).status).toBe(401);
    });

    it('needs no MFA passcode for an MFA user', async () => {
      const { refresh_token } = await signIn(sim, blake);
      const body = await tokenBody(sim, refreshGrant(refresh_token));
      expect(body['uid']).toBe(blake.uid);
      expect(body['user_scope']).not.toBe('mfa_required');
    });
  });

  describe('MFA', () => {
    it('answers the password grant with an mfa_required token that only serves the mfa grant', async () => {
      const first = await tokenBody(sim, passwordGrant(blake));
      expect(first).toMatchObject({ user_scope: 'mfa_required', mfa_type: 'authenticator', mfa_vendor: 'google' });
      expect(first['refresh_token']).toBe('');
      const blocked = await getWithToken(me(), String(first['access_token']));
      expect(blocked.status).toBe(403);
      expect((await json(blocked))['code']).toBe(403);
    });

    it('completes sign-in with the passcode, once', async () => {
      const first = await tokenBody(sim, passwordGrant(blake));
      const mfaToken = String(first['access_token']);
      const second = await tokenBody(sim, mfaGrant(blake, mfaToken, '246810'));
      expect(second).toMatchObject({ uid: '1002@voipcom-demo', displayName: 'Blake Demo' });
      expect(second['user_scope']).not.toBe('mfa_required');
      expect(second['refresh_token']).toMatch(/^[0-9a-f]{32}$/);
      expect((await getWithToken(me(), String(second['access_token']))).status).toBe(200);

      const replay = await postJson(`${sim.apiBase}/tokens`, mfaGrant(blake, mfaToken, '246810'));
      expect(replay.status).toBe(401);
    });

    it('answers 401 for a wrong passcode and lets the user try again', async () => {
      const mfaToken = String((await tokenBody(sim, passwordGrant(blake)))['access_token']);
      const wrong = await postJson(`${sim.apiBase}/tokens`, mfaGrant(blake, mfaToken, '000000'));
      expect(wrong.status).toBe(401);
      expect(await json(wrong)).toEqual({ code: 401, message: 'Invalid passcode' });
      await tokenBody(sim, mfaGrant(blake, mfaToken, '246810'));
    });

    it('answers 401 when the access_token is a full token rather than an MFA one', async () => {
      const { access_token } = await signIn(sim, avery);
      const response = await postJson(`${sim.apiBase}/tokens`, mfaGrant(blake, access_token, '246810'));
      expect(response.status).toBe(401);
    });

    it('answers 401 when the password sent with the passcode is wrong', async () => {
      const mfaToken = String((await tokenBody(sim, passwordGrant(blake)))['access_token']);
      const grant = { ...mfaGrant(blake, mfaToken, '246810'), password: 'wrong' };
      expect((await postJson(`${sim.apiBase}/tokens`, grant)).status).toBe(401);
    });

    it('answers 400 when a field AuthRequestMFA requires is missing', async () => {
      const mfaToken = String((await tokenBody(sim, passwordGrant(blake)))['access_token']);
      const grant = { ...mfaGrant(blake, mfaToken, '246810'), ns_id_type: undefined };
      expect((await postJson(`${sim.apiBase}/tokens`, grant)).status).toBe(400);
    });
  });

  describe('expiry', () => {
    it('answers 401 for every token issued before expireAccessTokens(), while refresh still works', async () => {
      const tokens = await signIn(sim, avery);
      const mfaToken = String((await tokenBody(sim, passwordGrant(blake)))['access_token']);
      sim.expireAccessTokens();
      const expired = await getWithToken(me(), tokens.access_token);
      expect(expired.status).toBe(401);
      expect(await json(expired)).toEqual({ code: 401, message: 'Invalid or expired access token' });
      expect((await postJson(`${sim.apiBase}/tokens`, mfaGrant(blake, mfaToken, '246810'))).status).toBe(401);

      const refreshed = await tokenBody(sim, refreshGrant(tokens.refresh_token));
      expect((await getWithToken(me(), String(refreshed['access_token']))).status).toBe(200);
    });
  });
});

describe('access token lifetime', () => {
  it('reports the configured lifetime and expires tokens after it (0 s: at once)', async () => {
    const sim = await start({ accessTokenLifetimeSeconds: 0 });
    try {
      const body = await tokenBody(sim, passwordGrant(avery));
      expect(body['expires_in']).toBe(0);
      const response = await getWithToken(`${sim.apiBase}/domains/~/users/~`, String(body['access_token']));
      expect(response.status).toBe(401);
    } finally {
      await sim.close();
    }
  });

  it('refuses a negative lifetime', async () => {
    await expect(start({ accessTokenLifetimeSeconds: -1 })).rejects.toThrow(RangeError);
  });
});
