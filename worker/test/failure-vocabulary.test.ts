/** The Worker's failure vocabulary (worker/src/http/failure.ts): each reason's status, wire error and audit code, and kept causes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_STATUS, ErrorBodySchema } from '@voipcom/shared';
import { answerOf, Failed, failureResponse, type Failure } from '../src/http/failure';
import { pbxRequest } from '../src/netsapiens/pbx-request';

/** Every reason once: [failure, status, wire code, audit code]. Typed by reason, so a new reason must be added here. */
const CASES: { [R in Failure['reason']]: [Extract<Failure, { reason: R }>, number, string, string] } = {
  no_such_endpoint: [{ reason: 'no_such_endpoint' }, 404, 'not_found', 'no_such_endpoint'],
  method_not_allowed: [{ reason: 'method_not_allowed', allow: 'GET, OPTIONS' }, 405, 'method_not_allowed', 'method_not_allowed'],
  origin_refused: [{ reason: 'origin_refused' }, 403, 'forbidden', 'origin_refused'],
  limited: [{ reason: 'limited', limit: 'dial_account' }, 429, 'rate_limited', 'limited:dial_account'],
  platform_fault: [{ reason: 'platform_fault' }, 503, 'service_unavailable', 'platform_fault'],
  not_json_media_type: [{ reason: 'not_json_media_type' }, 415, 'unsupported_media_type', 'not_json_media_type'],
  body_too_large: [{ reason: 'body_too_large', maxBytes: 4096 }, 413, 'payload_too_large', 'body_too_large'],
  body_not_json: [{ reason: 'body_not_json' }, 400, 'invalid_request', 'body_not_json'],
  body_not_utf8: [{ reason: 'body_not_utf8' }, 400, 'invalid_request', 'body_not_utf8'],
  invalid_input: [{ reason: 'invalid_input', issues: 'uid: required' }, 400, 'invalid_request', 'invalid_input'],
  not_own_device: [{ reason: 'not_own_device' }, 400, 'invalid_request', 'not_own_device'],
  range_reversed: [{ reason: 'range_reversed' }, 400, 'invalid_request', 'range_reversed'],
  range_too_long: [{ reason: 'range_too_long', maxDays: 31 }, 400, 'invalid_request', 'range_too_long'],
  range_too_full: [{ reason: 'range_too_full' }, 400, 'invalid_request', 'range_too_full'],
  not_signed_in: [{ reason: 'not_signed_in' }, 401, 'unauthorized', 'not_signed_in'],
  session_expired: [{ reason: 'session_expired' }, 401, 'session_expired', 'session_expired'],
  mfa_required: [{ reason: 'mfa_required' }, 401, 'mfa_required', 'mfa_required'],
  credentials_refused: [{ reason: 'credentials_refused' }, 401, 'invalid_credentials', 'credentials_refused'],
  passcode_refused: [{ reason: 'passcode_refused' }, 401, 'invalid_credentials', 'passcode_refused'],
  call_not_found: [{ reason: 'call_not_found' }, 404, 'call_not_found', 'call_not_found'],
  not_e164: [{ reason: 'not_e164' }, 400, 'invalid_number', 'not_e164'],
  not_a_valid_number: [{ reason: 'not_a_valid_number' }, 400, 'invalid_number', 'not_a_valid_number'],
  number_refused: [
    { reason: 'number_refused', refusal: { code: 'do_not_call' }, message: 'Your organisation does not allow calls to this number.' },
    403,
    'number_not_allowed',
    'number_refused:do_not_call',
  ],
  pbx_busy: [{ reason: 'pbx_busy', retryAfterSeconds: 7 }, 429, 'rate_limited', 'pbx_busy'],
  pbx_timeout: [{ reason: 'pbx_timeout' }, 504, 'upstream_timeout', 'pbx_timeout'],
  pbx_unreachable: [{ reason: 'pbx_unreachable' }, 502, 'upstream_error', 'pbx_unreachable'],
  pbx_failing: [{ reason: 'pbx_failing', status: 503 }, 502, 'upstream_error', 'pbx_failing:503'],
  pbx_answer_unreadable: [{ reason: 'pbx_answer_unreadable' }, 502, 'upstream_error', 'pbx_answer_unreadable'],
  pbx_forbidden: [{ reason: 'pbx_forbidden' }, 403, 'forbidden', 'pbx_forbidden'],
  sign_in_incomplete: [{ reason: 'sign_in_incomplete' }, 502, 'upstream_error', 'sign_in_incomplete'],
  hang_up_failed: [{ reason: 'hang_up_failed' }, 502, 'upstream_error', 'hang_up_failed'],
  admin_not_configured: [{ reason: 'admin_not_configured' }, 503, 'admin_not_configured', 'admin_not_configured'],
  access_token_missing: [{ reason: 'access_token_missing' }, 401, 'unauthorized', 'access_token_missing'],
  access_token_invalid: [{ reason: 'access_token_invalid' }, 403, 'forbidden', 'access_token_invalid'],
  access_timeout: [{ reason: 'access_timeout' }, 504, 'upstream_timeout', 'access_timeout'],
  access_unreachable: [{ reason: 'access_unreachable' }, 502, 'upstream_error', 'access_unreachable'],
  dial_failed: [
    { reason: 'dial_failed', failure: { reason: 'limited', limit: 'dial_session' } },
    429,
    'rate_limited',
    'limited:dial_session',
  ],
  not_configured: [{ reason: 'not_configured' }, 500, 'internal_error', 'not_configured'],
  unexpected: [{ reason: 'unexpected' }, 500, 'internal_error', 'unexpected'],
};

describe('each failure reason', () => {
  test.each(Object.values(CASES))(
    '%o answers %i with code %s, audited as %s, with no English in the audit code',
    async (failure, status, code, audit) => {
      const response = failureResponse(failure);
      expect(response.status).toBe(status);
      const body = ErrorBodySchema.parse(await response.json());
      expect(body.error.code).toBe(code);
      expect(ERROR_STATUS[body.error.code]).toBe(status);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(answerOf(failure).audit).toBe(audit);
      // An audit code is a code: no spaces, never the message the user reads.
      expect(audit).toMatch(/^[a-z0-9_:]+$/);
      expect(audit).not.toBe(body.error.message);
    },
  );

  test('limits and platform faults say when to come back; a PBX busy answer passes its Retry-After on', () => {
    expect(failureResponse({ reason: 'limited', limit: 'ip' }).headers.get('Retry-After')).toBe('60');
    expect(failureResponse({ reason: 'platform_fault' }).headers.get('Retry-After')).toBe('5');
    expect(failureResponse({ reason: 'pbx_busy', retryAfterSeconds: 7 }).headers.get('Retry-After')).toBe('7');
    expect(failureResponse({ reason: 'method_not_allowed', allow: 'GET, OPTIONS' }).headers.get('Allow')).toBe('GET, OPTIONS');
  });

  test('a dial failure carries the reason code the extension words: limit_reached, pbx_refused, service_refused, org_refused, or none', async () => {
    const reasonOf = async (failure: Failure) =>
      ErrorBodySchema.parse(await failureResponse({ reason: 'dial_failed', failure }).json()).error.reason;
    expect(await reasonOf({ reason: 'limited', limit: 'dial_session' })).toBe('limit_reached');
    expect(await reasonOf({ reason: 'pbx_busy', retryAfterSeconds: 60 })).toBe('limit_reached');
    expect(await reasonOf({ reason: 'pbx_failing', status: 500 })).toBe('pbx_refused');
    expect(await reasonOf({ reason: 'pbx_forbidden' })).toBe('pbx_refused');
    const service = { code: 'class_not_allowed', numberClass: 'premium_rate', by: 'service' } as const;
    expect(await reasonOf({ reason: 'number_refused', refusal: service, message: 'refused' })).toBe('service_refused');
    expect(await reasonOf({ reason: 'number_refused', refusal: { code: 'do_not_call' }, message: 'refused' })).toBe('org_refused');
    expect(await reasonOf({ reason: 'not_e164' })).toBeUndefined();
    // Outside a dial no reason is added.
    expect(ErrorBodySchema.parse(await failureResponse({ reason: 'limited', limit: 'dial_session' }).json()).error.reason).toBeUndefined();
  });
});

describe('causes', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // Accepts the connection and never answers: the request times out.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function thrownBy(nsApiBase: string, nsTimeoutMs: number): Promise<unknown> {
    try {
      await pbxRequest({ nsApiBase, nsTimeoutMs }, { method: 'GET', path: '/domains/~/users/~/devices', accessToken: 'secret-token' });
    } catch (error) {
      return error;
    }
    throw new Error('the request did not fail');
  }

  test('a PBX that cannot be reached is pbx_unreachable, with the transport error kept as the cause', async () => {
    // A port nothing listens on: a server opened for its port and closed again.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await thrownBy(`http://127.0.0.1:${port}`, 5_000);
    expect(error).toBeInstanceOf(Failed);
    expect((error as Failed).failure).toEqual({ reason: 'pbx_unreachable' });
    // Node's fetch error comes from another realm than the test's: its name, not instanceof.
    expect(((error as Failed).cause as Error).name).toBe('TypeError');
    // Only the failure's name goes into its message: no URL, no token.
    expect((error as Failed).message).toBe('pbx_unreachable');
  });

  test('a PBX that does not answer in time is pbx_timeout, with the abort kept as the cause', async () => {
    const error = await thrownBy(base, 200);
    expect((error as Failed).failure).toEqual({ reason: 'pbx_timeout' });
    expect((error as Failed).cause).toBeInstanceOf(Error);
    expect(((error as Failed).cause as Error).name).toMatch(/TimeoutError|AbortError/);
  });
});
