/**
 * The Worker's failure vocabulary: every reason a request fails without a bug, as one discriminated union, and the
 * one switch that maps each to its HTTP status (by wire code, ERROR_STATUS), wire error and audit code.
 */
import { ERROR_STATUS, type CallReason, type ErrorBody, type ErrorCode, type NumberRefusal } from '@voipcom/shared';

/** The rate limits a request may hit, each one binding (http/rate-limits.ts). */
export type LimitName =
  'ip' | 'sign_in_ip' | 'sign_in_user_ip' | 'sign_in_user' | 'dial_session' | 'dial_account' | 'call_status' | 'describe';

/** Why a request failed. `reason` is also the audit code (with the limit for `limited`). */
export type Failure =
  | { reason: 'no_such_endpoint' }
  | { reason: 'method_not_allowed'; allow: string }
  | { reason: 'origin_refused' }
  | { reason: 'limited'; limit: LimitName }
  /** A fault of the platform (KV, a rate-limit binding): nothing was done. */
  | { reason: 'platform_fault' }
  | { reason: 'not_json_media_type' }
  | { reason: 'body_too_large'; maxBytes: number }
  | { reason: 'body_not_json' }
  | { reason: 'body_not_utf8' }
  /** A body or query that does not match its schema; `issues` from describeIssues (never the sent values). */
  | { reason: 'invalid_input'; issues: string }
  | { reason: 'not_own_device' }
  | { reason: 'range_reversed' }
  | { reason: 'range_too_long'; maxDays: number }
  | { reason: 'range_too_full' }
  | { reason: 'not_signed_in' }
  | { reason: 'session_expired' }
  | { reason: 'mfa_required' }
  | { reason: 'credentials_refused' }
  | { reason: 'passcode_refused' }
  | { reason: 'call_not_found' }
  | { reason: 'not_e164' }
  | { reason: 'not_a_valid_number' }
  /** `message` names the refused class, country or rule (phone/dial-destination.ts words it). */
  | { reason: 'number_refused'; refusal: NumberRefusal; message: string }
  | { reason: 'pbx_busy'; retryAfterSeconds: number }
  | { reason: 'pbx_timeout' }
  | { reason: 'pbx_unreachable' }
  | { reason: 'pbx_failing'; status: number }
  | { reason: 'pbx_answer_unreadable' }
  | { reason: 'pbx_forbidden' }
  | { reason: 'sign_in_incomplete' }
  | { reason: 'hang_up_failed' }
  | { reason: 'admin_not_configured' }
  | { reason: 'access_token_missing' }
  | { reason: 'access_token_invalid' }
  | { reason: 'access_timeout' }
  | { reason: 'access_unreachable' }
  /** A dial's failure: answered with the reason code (CallReason) the extension words; audited as the failure. */
  | { reason: 'dial_failed'; failure: Failure }
  /** The vars or secrets do not parse (logged once): nothing can be served. */
  | { reason: 'not_configured' }
  /** A bug (an error no failure names, logged by index.ts): 500. */
  | { reason: 'unexpected' };

/** What a failure becomes: the wire error, its headers, and the code an audit record keeps (never English text). */
export interface FailureAnswer {
  code: ErrorCode;
  message: string;
  headers: Record<string, string>;
  refusal?: NumberRefusal;
  /** Set for a dial only (`dial_failed`). */
  dialReason?: CallReason;
  audit: string;
}

/** Retry-After seconds for 429 answers: the rate-limit bindings count per 60-second window. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

/**
 * Seconds to wait after a platform fault: KV takes one write a second per key and recovers from brief outages in
 * seconds; longer would only keep a user from a call the platform could place again.
 */
export const PLATFORM_RETRY_AFTER_SECONDS = 5;

const LIMIT_MESSAGES: Readonly<Record<LimitName, string>> = {
  ip: 'Too many requests from this network.',
  sign_in_ip: 'Too many sign-in attempts from this network.',
  sign_in_user_ip: 'Too many sign-in attempts for this user from this network.',
  sign_in_user: 'Too many sign-in attempts for this user.',
  dial_session: 'Too many calls in a short time.',
  dial_account: 'Too many calls from your account in a short time.',
  call_status: 'Too many call updates in a short time.',
  describe: 'Too many numbers looked up in a short time.',
};

const NOT_SIGNED_IN = 'Sign in first.';
const NOT_OWN_DEVICE = 'The device to ring first is not one of your devices.';
const ACCESS_JWT_HEADER = 'Cf-Access-Jwt-Assertion';

/** The one mapping from a failure to the wire and the audit trail. */
export function answerOf(failure: Failure): FailureAnswer {
  const plain = (code: ErrorCode, message: string, headers: Record<string, string> = {}): FailureAnswer => ({
    code,
    message,
    headers,
    audit: failure.reason,
  });
  switch (failure.reason) {
    case 'no_such_endpoint':
      return plain('not_found', 'There is no such endpoint.');
    case 'method_not_allowed':
      return plain('method_not_allowed', `Use ${failure.allow} here.`, { Allow: failure.allow });
    case 'origin_refused':
      return plain('forbidden', 'This origin may not use the API.');
    case 'limited':
      return {
        code: 'rate_limited',
        message: `${LIMIT_MESSAGES[failure.limit]} Wait a minute and try again.`,
        headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_SECONDS) },
        audit: `limited:${failure.limit}`,
      };
    case 'platform_fault':
      return plain('service_unavailable', 'The service is briefly unavailable. Try again in a few seconds.', {
        'Retry-After': String(PLATFORM_RETRY_AFTER_SECONDS),
      });
    case 'not_json_media_type':
      return plain('unsupported_media_type', 'Send the body as application/json.');
    case 'body_too_large':
      return plain('payload_too_large', `The body may be at most ${failure.maxBytes} bytes.`);
    case 'body_not_json':
      return plain('invalid_request', 'The body is not valid JSON.');
    case 'body_not_utf8':
      return plain('invalid_request', 'The body is not valid UTF-8.');
    case 'invalid_input':
      return plain('invalid_request', failure.issues);
    case 'not_own_device':
      return plain('invalid_request', NOT_OWN_DEVICE);
    case 'range_reversed':
      return plain('invalid_request', 'from must not be after to.');
    case 'range_too_long':
      return plain('invalid_request', `Ask for at most ${failure.maxDays} days at a time.`);
    case 'range_too_full':
      return plain('invalid_request', 'That range holds too many records for one call: ask for fewer days.');
    case 'not_signed_in':
      return plain('unauthorized', NOT_SIGNED_IN);
    case 'session_expired':
      return plain('session_expired', 'Your session has ended. Sign in again.');
    case 'mfa_required':
      return plain('mfa_required', 'Enter the passcode from your authenticator app.');
    case 'credentials_refused':
      return plain('invalid_credentials', 'The username or password is not correct.');
    case 'passcode_refused':
      return plain('invalid_credentials', 'The passcode was not accepted.');
    case 'call_not_found':
      return plain('call_not_found', 'There is no such call.');
    case 'not_e164':
      return plain(
        'invalid_number',
        'That is not a phone number in international form. Send it with + and the country code, digits only, e.g. +12125550100.',
      );
    case 'not_a_valid_number':
      return plain('invalid_number', 'That is not a phone number that can be dialled. Check the country code and the number of digits.');
    case 'number_refused':
      return {
        code: 'number_not_allowed',
        message: failure.message,
        headers: {},
        refusal: failure.refusal,
        audit: `number_refused:${failure.refusal.code}`,
      };
    case 'pbx_busy':
      return plain('rate_limited', 'The phone system is busy; try again shortly.', { 'Retry-After': String(failure.retryAfterSeconds) });
    case 'pbx_timeout':
      return plain('upstream_timeout', 'The phone system did not answer in time.');
    case 'pbx_unreachable':
      return plain('upstream_error', 'The phone system could not be reached.');
    case 'pbx_failing':
      return {
        ...plain('upstream_error', `The phone system is having trouble (HTTP ${failure.status}); try again in a minute.`),
        audit: `pbx_failing:${failure.status}`,
      };
    case 'pbx_answer_unreadable':
      return plain('upstream_error', 'The phone system gave an answer the service does not understand.');
    case 'pbx_forbidden':
      return plain('forbidden', 'Your phone system account may not do this.');
    case 'sign_in_incomplete':
      return plain('upstream_error', 'The phone system did not complete the sign-in.');
    case 'hang_up_failed':
      return plain('upstream_error', 'The phone system did not end the call. Hang up on your phone.');
    case 'admin_not_configured':
      return plain('admin_not_configured', 'The admin API is not set up on this Worker: Cloudflare Access is not configured.');
    case 'access_token_missing':
      return plain('unauthorized', `Send a Cloudflare Access token in ${ACCESS_JWT_HEADER}.`);
    case 'access_token_invalid':
      return plain('forbidden', 'The Cloudflare Access token is not valid for this API.');
    case 'access_timeout':
      return plain('upstream_timeout', 'Cloudflare Access did not answer in time.');
    case 'access_unreachable':
      return plain('upstream_error', 'Cloudflare Access keys could not be fetched.');
    case 'dial_failed':
      return { ...answerOf(failure.failure), dialReason: dialReasonOf(failure.failure) };
    case 'not_configured':
      return plain('internal_error', 'The service is not available.');
    case 'unexpected':
      return plain('internal_error', 'Something went wrong on our side.');
  }
}

/**
 * The reason code a failed dial's error carries, for the extension to say in its own words: a refusal says whose
 * rule refused; a rate limit (ours or the PBX's) is `limit_reached`; the PBX refusing or failing is `pbx_refused`.
 */
function dialReasonOf(failure: Failure): CallReason | undefined {
  if (failure.reason === 'number_refused') {
    return failure.refusal.code === 'class_not_allowed' && failure.refusal.by === 'service' ? 'service_refused' : 'org_refused';
  }
  const { code } = answerOf(failure);
  if (code === 'rate_limited') return 'limit_reached';
  return code === 'upstream_error' || code === 'forbidden' ? 'pbx_refused' : undefined;
}

/** The error answer: {"error":{"code","message"}} (with `reason` and `refusal` for a dial) and the code's status. */
export function failureResponse(failure: Failure): Response {
  const { code, message, headers, refusal, dialReason } = answerOf(failure);
  const body: ErrorBody = {
    error: { code, message, ...(dialReason === undefined ? {} : { reason: dialReason }), ...(refusal === undefined ? {} : { refusal }) },
  };
  return Response.json(body, { status: ERROR_STATUS[code], headers });
}

/**
 * A failure on its way up to the route table's one catch (index.ts), from code below the handlers that returns no
 * Result (a KV proxy, a PBX request deep in a session refresh). `cause` keeps the transport or platform error that
 * led to it, for the log line; it never reaches the wire.
 */
export class Failed extends Error {
  constructor(
    readonly failure: Failure,
    options?: { cause?: unknown },
  ) {
    super(failure.reason, options);
    this.name = 'Failed';
  }
}

/** `Failed` for a failure, to throw; the cause, when given, is kept. */
export function failed(failure: Failure, cause?: unknown): Failed {
  return new Failed(failure, cause === undefined ? undefined : { cause });
}

/** The failure an error carries, or undefined for an unexpected error (a bug: 500). */
export function failureOf(error: unknown): Failure | undefined {
  return error instanceof Failed ? error.failure : undefined;
}
