/**
 * The rate limits, each a binding, and the one check of them. If the binding itself fails the request is refused
 * with 503 and Retry-After: a limit that cannot be counted is not waived (a failing limiter must not open sign-in
 * guessing or unlimited dials).
 */
import { err, ok, type Result } from '@voipcom/shared';
import type { Env } from '../env';
import { logFailure } from '../log';
import { failed, type Failure, type LimitName } from './failure';

type LimiterBinding = { [K in keyof Env]-?: Env[K] extends RateLimit ? K : never }[keyof Env];

const LIMITERS: Readonly<Record<LimitName, LimiterBinding>> = {
  ip: 'REQUEST_IP_LIMITER',
  sign_in_ip: 'SIGNIN_IP_LIMITER',
  sign_in_user_ip: 'SIGNIN_USER_IP_LIMITER',
  sign_in_user: 'SIGNIN_USER_LIMITER',
  dial_session: 'DIAL_LIMITER',
  dial_account: 'ACCOUNT_DIAL_LIMITER',
  call_status: 'CALL_STATUS_LIMITER',
  describe: 'DESCRIBE_LIMITER',
};

/** Counts one request under `key` against the limit; err `limited` when it is over. */
export async function checkLimit(env: Env, limit: LimitName, key: string): Promise<Result<void, Failure>> {
  let success: boolean;
  try {
    ({ success } = await env[LIMITERS[limit]].limit({ key }));
  } catch (error) {
    logFailure('rate_limiter_failed', error);
    throw failed({ reason: 'platform_fault' });
  }
  return success ? ok(undefined) : err({ reason: 'limited', limit });
}
