/**
 * Asks a rate-limit binding. If the binding itself fails the request is refused with 503 and Retry-After: a limit
 * that cannot be counted is not waived (a failing limiter must not open sign-in guessing or unlimited dials).
 */
import { logFailure } from '../log';
import { serviceUnavailable } from './platform-faults';

export async function withinLimit(limiter: RateLimit, key: string): Promise<boolean> {
  let success: boolean;
  try {
    ({ success } = await limiter.limit({ key }));
  } catch (error) {
    logFailure('rate_limiter_failed', error);
    throw serviceUnavailable();
  }
  return success;
}
