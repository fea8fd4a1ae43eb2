/** Asks a rate-limit binding; if the binding itself fails, the request goes through (logged) rather than failing. */
import { logFailure } from '../log';

export async function withinLimit(limiter: RateLimit, key: string): Promise<boolean> {
  try {
    const { success } = await limiter.limit({ key });
    return success;
  } catch (error) {
    logFailure('rate_limiter_failed', error);
    return true;
  }
}
