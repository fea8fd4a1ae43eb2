/** The one way the Worker answers with an error: {"error":{"code","message"}} and the status from ERROR_STATUS. */
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@voipcom/shared';

/** What a dial's error says besides code and message: the reason code and which destination rule refused. */
export type ErrorDetails = Pick<ErrorBody['error'], 'reason' | 'refusal'>;

/** Thrown below the route handlers; index.ts turns it into an error response. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}, details: ErrorDetails = {}): Response {
  const body: ErrorBody = { error: { code, message, ...details } };
  return Response.json(body, { status: ERROR_STATUS[code], headers });
}

export function apiErrorResponse(error: ApiError): Response {
  return errorResponse(error.code, error.message, error.headers, error.details);
}

/** Retry-After seconds for 429 answers: the rate-limit bindings count per 60-second window. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

export function rateLimited(message: string, retryAfterSeconds = RATE_LIMIT_RETRY_AFTER_SECONDS): ApiError {
  return new ApiError('rate_limited', message, { 'Retry-After': String(retryAfterSeconds) });
}
