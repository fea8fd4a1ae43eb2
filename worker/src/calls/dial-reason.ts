/** The reason code (CallReason) a failed dial's error carries, for the extension to say in its own words. */
import { ApiError } from '../http/errors';

/**
 * The error with its reason: refusals set theirs where they are thrown (org and service rules); a rate limit is
 * `limit_reached`, and the PBX refusing or failing to place the call is `pbx_refused`. Others carry none.
 */
export function withDialReason(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.details.reason !== undefined) return error;
  const reason = error.code === 'rate_limited' ? 'limit_reached' : error.code === 'upstream_error' || error.code === 'forbidden' ? 'pbx_refused' : undefined;
  if (reason === undefined) return error;
  return new ApiError(error.code, error.message, error.headers, { ...error.details, reason });
}
