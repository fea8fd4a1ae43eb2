/** Test helpers: a simulator per test file and small fetch wrappers for its NetSapiens API. */
import { DEMO_USERS, startSimulator, type DemoUser, type Simulator, type SimulatorOptions } from '../src/index';

export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 'test-client-secret';
export const { avery, blake } = DEMO_USERS;

export function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options });
}

export function postJson(url: string, body: unknown, accessToken?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (accessToken !== undefined) headers['Authorization'] = `Bearer ${accessToken}`;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

export function getWithToken(url: string, accessToken: string): Promise<Response> {
  return fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } });
}

export function passwordGrant(user: DemoUser, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'password',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    username: user.username,
    password: user.password,
    ...overrides,
  };
}

export function refreshGrant(refreshToken: string): Record<string, string> {
  return { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: refreshToken };
}

export function mfaGrant(user: DemoUser, accessToken: string, passcode: string): Record<string, string> {
  return {
    ...passwordGrant(user, { grant_type: 'mfa' }),
    mfa_type: 'authenticator',
    mfa_vendor: 'google',
    ns_id_type: 'subscriber',
    passcode,
    access_token: accessToken,
  };
}

/** The JSON body of a response, typed loosely enough to read fields in assertions. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

export async function tokenBody(sim: Simulator, grant: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await postJson(`${sim.apiBase}/tokens`, grant);
  expect(response.status).toBe(200);
  return json(response);
}

/** Signs a user in completely (both steps for an MFA user) and returns the token answer. */
export async function signIn(sim: Simulator, user: DemoUser): Promise<{ access_token: string; refresh_token: string }> {
  let body = await tokenBody(sim, passwordGrant(user));
  if (user.mfaPasscode !== null) {
    body = await tokenBody(sim, mfaGrant(user, String(body['access_token']), user.mfaPasscode));
  }
  return { access_token: String(body['access_token']), refresh_token: String(body['refresh_token']) };
}
