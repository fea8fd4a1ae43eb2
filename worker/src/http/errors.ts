/** The one way the Worker answers with an error: {"error":{"code","message"}} and the status from ERROR_STATUS. */
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@voipcom/shared';

/** Thrown below the route handlers; index.ts turns it into an error response. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status: ERROR_STATUS[code], headers });
}

export function apiErrorResponse(error: ApiError): Response {
  return errorResponse(error.code, error.message, error.headers);
}

/** Retry-After seconds for 429 answers: the rate-limit bindings count per 60-second window. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

export function rateLimited(message: string, retryAfterSeconds = RATE_LIMIT_RETRY_AFTER_SECONDS): ApiError {
  return new ApiError('rate_limited', message, { 'Retry-After': String(retryAfterSeconds) });
}
