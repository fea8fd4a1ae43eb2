/** Verifies the Cloudflare Access JWT (Cf-Access-Jwt-Assertion) that admin routes require: RS256, issuer, audience, expiry. */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isCloudflareService, isLoopback } from '../http/outbound-hosts';
import { err, ok, type Result } from '@voipcom/shared';
import type { Failure } from '../http/failure';
import { logWarning } from '../log';

export const ACCESS_JWT_HEADER = 'Cf-Access-Jwt-Assertion';

/** Who called: a staff member's email, or the service token's client id (Access puts it in common_name). */
export interface AccessIdentity {
  caller: string;
}

/** Keys per team domain for the isolate's lifetime: jose refetches on an unknown kid and after 10 minutes. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Codes jose uses for a token that is malformed, badly signed, expired or meant for someone else. */
const REJECTED_TOKEN_CODES: ReadonlySet<string> = new Set([
  errors.JWSInvalid.code,
  errors.JWTInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

/** The team domain as Access writes it in `iss`: https://<team>.cloudflareaccess.com (loopback only for tests). */
function teamDomain(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // Its key endpoint is fetched: only Cloudflare's own host may be named (outbound-hosts.ts).
  if (!isCloudflareService(url) && !isLoopback(url)) return null;
  return url.origin;
}

/**
 * Missing token: 401 unauthorized. A token that fails any check (including one without `exp`): 403 forbidden (the
 * caller is known to be unauthenticated or not allowed, so a retry with the same token is pointless). Access's key
 * endpoint down: 502/504, since the caller did nothing wrong. Access not configured: 503 admin_not_configured.
 */
export async function requireAccessJwt(
  request: Request,
  env: { ACCESS_TEAM_DOMAIN: string; ACCESS_AUD: string },
): Promise<Result<AccessIdentity, Failure>> {
  const issuer = teamDomain(env.ACCESS_TEAM_DOMAIN);
  if (issuer === null || env.ACCESS_AUD.trim() === '') {
    // Fail closed: without a team domain and an audience no token can be checked. 503, not 500: nothing broke,
    // the route is switched off until an operator sets it up.
    logWarning('access_not_configured', 'ACCESS_TEAM_DOMAIN or ACCESS_AUD is not set');
    return err({ reason: 'admin_not_configured' });
  }
  const token = request.headers.get(ACCESS_JWT_HEADER)?.trim();
  if (!token) return err({ reason: 'access_token_missing' });

  let keySet = keySets.get(issuer);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`));
    keySets.set(issuer, keySet);
  }
  let payload: JWTPayload;
  try {
    // jose checks exp only when present; Access always sets it, so a token without one was not minted by Access
    // as configured and would never expire.
    ({ payload } = await jwtVerify(token, keySet, {
      issuer,
      audience: env.ACCESS_AUD.trim(),
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    return err(rejection(error));
  }
  return ok({ caller: callerOf(payload) });
}

function rejection(error: unknown): Failure {
  if (error instanceof errors.JWKSTimeout) {
    logWarning('access_certs_timeout', 'Cloudflare Access certs did not answer in time');
    return { reason: 'access_timeout' };
  }
  if (error instanceof errors.JOSEError && REJECTED_TOKEN_CODES.has(error.code)) {
    // The code names the failed check (expired, audience, signature); the token itself is never logged.
    logWarning('access_jwt_rejected', error.code);
    return { reason: 'access_token_invalid' };
  }
  // Anything else came from fetching or parsing Access's key set.
  logWarning('access_certs_unavailable', error instanceof Error ? error.name : 'unknown');
  return { reason: 'access_unreachable' };
}

function callerOf(payload: JWTPayload): string {
  const email = payload['email'];
  if (typeof email === 'string' && email !== '') return email;
  const commonName = payload['common_name'];
  if (typeof commonName === 'string' && commonName !== '') return `service-token:${commonName}`;
  return payload.sub ? `sub:${payload.sub}` : 'unknown';
}
