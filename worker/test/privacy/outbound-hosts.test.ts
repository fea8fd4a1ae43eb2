/** Every fetch() the Worker makes, through every feature, goes to the configured PBX, the Analytics Engine SQL API or (admin only) Access. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignInResponseSchema } from '@voipcom/shared';
import { isCloudflareService, isLoopback } from '../../src/http/outbound-hosts';
import { DEMO_USERS, startSimulator, type Simulator } from '../../../simulator/src/index';
import { AccessTeamFake } from '../fakes/access-jwks-fake';
import { AnalyticsSqlFake } from '../fakes/analytics-sql-fake';
import { newSessionKeys, TEST_CLIENT_ID, TEST_CLIENT_SECRET } from '../harness';
import { startRecordingWorker, type RecordingWorker } from './support/outbound-recorder';

jest.setTimeout(60_000);

const AE_ACCOUNT_ID = 'abcdefabcdefabcdefabcdefabcdef12';
const AE_TOKEN = 'ae-token-outbound-suite';
const AUDIENCE = 'c2d-outbound-suite';
const USER_AGENT = 'PrivacyProbe/7.7 (ua-marker-77b2)';
const CLIENT_IP = '198.51.100.79';
const avery = DEMO_USERS.avery;
const blake = DEMO_USERS.blake;

const access = new AccessTeamFake(AUDIENCE);
const sql = new AnalyticsSqlFake(AE_ACCOUNT_ID, AE_TOKEN, 'voipcom_dial_events');
let simulator: Simulator;
let worker: RecordingWorker;
/** Every answer the Worker gave its clients in the run, as text. */
const answers: string[] = [];

async function send(path: string, init: { method?: string; json?: unknown; session?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, 'CF-Connecting-IP': CLIENT_IP, ...init.headers };
  if (init.session !== undefined) headers['Authorization'] = `Bearer ${init.session}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await worker.fetch(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  answers.push(`${JSON.stringify([...response.headers])}\n${await response.clone().text()}`);
  return response;
}

async function signIn(json: Record<string, string>): Promise<string> {
  const response = await send('/v1/session', { method: 'POST', json });
  expect(response.status).toBe(201);
  return SignInResponseSchema.parse(await response.json()).session;
}

beforeAll(async () => {
  [simulator] = await Promise.all([
    startSimulator({ port: 0, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET }),
    access.start(),
    sql.start(),
  ]);
  worker = await startRecordingWorker({
    NS_API_BASE: simulator.apiBase,
    NS_CLIENT_ID: TEST_CLIENT_ID,
    NS_CLIENT_SECRET: TEST_CLIENT_SECRET,
    NS_TIMEOUT_MS: '8000',
    ALLOWED_ORIGINS: 'chrome-extension://hdfblghhbnjdaamfompieibfckacncaj',
    BLOCKED_NUMBER_TYPES: 'PREMIUM_RATE,SHARED_COST',
    POLICY_EFFECTIVE: '2026-05-01',
    POLICY_URL: 'https://voipcom.network/click-to-dial/privacy',
    POLICY_UPCOMING_EFFECTIVE: '',
    POLICY_UPCOMING_URL: '',
    POLICY_UPCOMING_SUMMARY: '',
    POLICY_UPCOMING_ANNOUNCED: '',
    ACCESS_TEAM_DOMAIN: access.teamDomain,
    ACCESS_AUD: AUDIENCE,
    AE_ACCOUNT_ID,
    AE_SQL_ENDPOINT: sql.endpoint,
    AE_DATASET: 'voipcom_dial_events',
    AE_API_TOKEN: AE_TOKEN,
    SESSION_KEYS: JSON.stringify(newSessionKeys()),
    AUDIT_KEYS: JSON.stringify(newSessionKeys(['a1'])),
  });

  // Every feature once: sign-in with and without MFA, status, devices, a dial, a token refresh, sign-out,
  // the policy, the nightly export and an admin purge.
  const averySession = await signIn({ username: avery.username, password: avery.password });
  const blakeSession = await signIn({ username: blake.username, password: blake.password, passcode: blake.mfaPasscode });
  expect((await send('/v1/session', { session: averySession })).status).toBe(200);
  expect((await send('/v1/devices', { session: averySession })).status).toBe(200);
  expect(
    (await send('/v1/calls', { method: 'POST', session: averySession, json: { destination: '+14805550123', origination: '1001b' } }))
      .status,
  ).toBe(202);
  simulator.expireAccessTokens();
  expect((await send('/v1/devices', { session: averySession })).status).toBe(200);
  expect((await send('/v1/policy')).status).toBe(200);
  expect((await send('/v1/session', { method: 'DELETE', session: blakeSession })).status).toBe(204);
  await worker.scheduled('30 2 * * *', new Date());
  const purge = await send('/v1/admin/purge', {
    method: 'POST',
    json: { uid: avery.uid },
    headers: { 'Cf-Access-Jwt-Assertion': access.token() },
  });
  expect(purge.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await Promise.all([simulator?.close(), access.stop(), sql.stop()]);
});

test('[policy: Worker talks only to the PBX and Analytics Engine] every outbound request goes to NS_API_BASE, the SQL API or the Access keys', () => {
  const pbx = new URL(simulator.apiBase);
  const ae = new URL(sql.endpoint);
  const destinations = worker.outbound.map(({ url }) => {
    if (url.origin === pbx.origin && url.pathname.startsWith(`${pbx.pathname}/`)) return 'pbx';
    if (url.origin === ae.origin && url.pathname === ae.pathname) return 'analytics-engine';
    if (url.href === `${access.teamDomain}/cdn-cgi/access/certs`) return 'access-keys';
    return `elsewhere: ${url.href}`;
  });
  expect(destinations.filter((destination) => destination.startsWith('elsewhere'))).toEqual([]);
  // Each was really used, so the check above saw the traffic of every feature.
  expect(new Set(destinations)).toEqual(new Set(['pbx', 'analytics-engine', 'access-keys']));
  expect(destinations.filter((destination) => destination === 'pbx').length).toBeGreaterThanOrEqual(9);
});

/**
 * Every way the deployed bundle can open a connection, by its context: the handler named fetch, the PBX request, the
 * SQL API request, and jose's key-set fetch (Access's keys). A new call site, dependency or socket fails here.
 */
const CONNECTION_SITES: [string, RegExp][] = [
  ['the Worker’s own fetch handler (incoming, not outbound)', /async fetch\(\w+,\w+,\w+\)\{let \w+=\w+\.headers\.get\("Origin"\)/],
  ['the PBX: fetch(`${nsApiBase}${path}`)', /await fetch\(`\$\{\w+\.nsApiBase\}\$\{\w+\.path\}`/],
  ['the Analytics Engine SQL API: fetch(endpoint)', /await fetch\(\w+\.endpoint,\{method:"POST"/],
  [
    'Access’s keys: jose’s remote key set (GET <team domain>/cdn-cgi/access/certs)',
    /async function \w+\(\w+,\w+,\w+,\w+=fetch\)\{let \w+=await \w+\(\w+,\{method:"GET"/,
  ],
];

test('[policy: Worker talks only to the PBX and Analytics Engine] the deployed bundle can open connections at exactly four places: its handler, the PBX, the SQL API and Access’s keys; no sockets, no other URL', () => {
  const text = worker.bundleText;
  const mentions = [...text.matchAll(/\bfetch\b/g)].map((match) =>
    text.slice(Math.max(0, (match.index ?? 0) - 60), (match.index ?? 0) + 60),
  );
  const unexplained = mentions.filter((context) => !CONNECTION_SITES.some(([, site]) => site.test(context)));
  expect(unexplained).toEqual([]);
  for (const [name, site] of CONNECTION_SITES) expect([name, site.test(text)]).toEqual([name, true]);
  expect(mentions).toHaveLength(CONNECTION_SITES.length);
  for (const other of ['cloudflare:sockets', 'new WebSocket', 'EventSource', 'XMLHttpRequest', 'sendBeacon'])
    expect(text).not.toContain(other);
  // The one URL written in the code is Cloudflare's SQL API; every other target comes from a checked var.
  expect([...new Set(text.match(/https?:\/\/[\w.-]+/g))]).toEqual(['https://api.cloudflare.com']);
});

test('[policy: Worker talks only to the PBX and Analytics Engine] besides NS_API_BASE, the vars can name only Cloudflare’s own services (the policy’s edge), as deployed and as checked at run time', () => {
  const toml = readFileSync(join(__dirname, '..', '..', '..', 'wrangler.toml'), 'utf8');
  const deployed = (name: string) =>
    /^(\w+)\s*=\s*"([^"]*)"/gm.exec(toml.split('\n').find((line) => line.startsWith(`${name} `)) ?? '')?.[2];
  expect(isCloudflareService(new URL(deployed('ACCESS_TEAM_DOMAIN') ?? ''))).toBe(true);
  // An empty AE_SQL_ENDPOINT means https://api.cloudflare.com/client/v4/accounts/<AE_ACCOUNT_ID>/analytics_engine/sql.
  expect(deployed('AE_SQL_ENDPOINT')).toBe('');
  for (const cloudflare of [
    'https://api.cloudflare.com/client/v4/accounts/x/analytics_engine/sql',
    'https://voipcom.cloudflareaccess.com',
  ]) {
    expect(isCloudflareService(new URL(cloudflare))).toBe(true);
  }
  for (const other of [
    'https://cloudflareaccess.com.evil.example',
    'https://evil.example/cdn-cgi/access/certs',
    'http://api.cloudflare.com/',
    'https://api.cloudflare.com.evil.example',
  ]) {
    expect([other, isCloudflareService(new URL(other)) || isLoopback(new URL(other))]).toEqual([other, false]);
  }
});

test("[policy: network metadata is used only for rate limits] the user's IP address and user agent are not passed on", () => {
  expect(worker.outbound.length).toBeGreaterThan(0);
  const sent = JSON.stringify(worker.outbound.map(({ url, headers, body }) => ({ url: url.href, headers, body })));
  expect(sent).not.toContain(CLIENT_IP);
  expect(sent).not.toContain('PrivacyProbe');
});

test("[policy: Worker talks only to the PBX and Analytics Engine] what goes to Cloudflare's APIs holds no user data: dates and a dataset, a key fetch", () => {
  const cloudflare = worker.outbound.filter(({ url }) => url.origin !== new URL(simulator.apiBase).origin);
  expect(cloudflare.length).toBeGreaterThanOrEqual(2);
  const sent = JSON.stringify(cloudflare.map(({ url, body }) => ({ url: url.href, body })));
  for (const userData of [avery.uid, blake.uid, avery.password, '4805550123', '555-0123', 'Avery']) expect(sent).not.toContain(userData);
});

test('[policy: no third-party analytics] the Worker sends nothing to any analytics, telemetry or ad service', () => {
  const hosts = new Set(worker.outbound.map(({ url }) => url.hostname));
  expect([...hosts]).toEqual(['127.0.0.1']);
});

test('[policy: the access token only authorizes calls] the PBX tokens go only to the PBX, as its Authorization, and never back to a client', () => {
  const pbx = new URL(simulator.apiBase);
  const toPbx = worker.outbound.filter(({ url }) => url.origin === pbx.origin);
  // The PBX's bearer tokens (the Analytics Engine API token is the Worker's own, not the user's).
  const tokens = new Set(
    toPbx.flatMap(({ headers }) => {
      const bearer = /^Bearer (.+)$/.exec(headers['authorization'] ?? '');
      return bearer?.[1] === undefined ? [] : [bearer[1]];
    }),
  );
  // Tokens were used (a refresh gave a second one), and each went only to the PBX.
  expect(tokens.size).toBeGreaterThanOrEqual(2);
  for (const token of tokens) {
    const carriers = worker.outbound.filter(
      ({ headers, body, url }) => JSON.stringify(headers).includes(token) || body.includes(token) || url.href.includes(token),
    );
    expect(carriers.every((request) => toPbx.includes(request))).toBe(true);
    for (const answer of answers) expect(answer).not.toContain(token);
  }
});

test("[policy: we do not collect your contacts] the Worker asks the PBX only for tokens, the user's own devices and calls", () => {
  const pbx = new URL(simulator.apiBase);
  const paths = worker.outbound
    .filter(({ url }) => url.origin === pbx.origin)
    .map(({ method, url }) => `${method} ${url.pathname.slice(pbx.pathname.length)}`);
  expect(paths.length).toBeGreaterThanOrEqual(9);
  const allowed = /^(POST \/tokens|GET \/domains\/~\/users\/~\/devices|(GET|POST|DELETE) \/domains\/~\/users\/~\/calls(\/[^/]+)?)$/;
  expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
});
