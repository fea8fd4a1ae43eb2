/** POST/GET/DELETE /v1/session: sign-in (password and MFA grants), status, sign-out. */
import { SignInRequestSchema, type SessionStatusResponse, type SignInResponse } from '@voipcom/shared';
import { sha256Hex } from '../crypto/encoding';
import { ApiError, rateLimited } from '../http/errors';
import { readJsonBody } from '../http/json-body';
import { withinLimit } from '../http/rate-limits';
import type { RequestContext } from '../http/router';
import { mfaGrant, passwordGrant } from '../netsapiens/token-grants';
import { authenticate, bearerSessionId } from '../session/active-session';
import { createSession, loadSession, revokeSession, sessionKeyHash } from '../session/session-storage';

/** The credentials serve this one exchange with the PBX and are kept nowhere. */
export async function signIn({ request, env, config, clientIp }: RequestContext): Promise<Response> {
  if (!(await withinLimit(env.SIGNIN_IP_LIMITER, `ip:${clientIp}`))) {
    throw rateLimited('Too many sign-in attempts from this network. Wait a minute and try again.');
  }
  const { username, password, passcode } = await readJsonBody(request, SignInRequestSchema);
  // Keyed by a hash so the limiters never hold a username in clear.
  const userHash = await sha256Hex(username.toLowerCase());
  // Tight per (username, address): a stranger's wrong guesses use up only their own address's allowance, so they
  // cannot lock the user out from the user's address. Checked first, so those refused tries do not count below.
  if (!(await withinLimit(env.SIGNIN_USER_IP_LIMITER, `${userHash}:${clientIp}`))) {
    throw rateLimited('Too many sign-in attempts for this user from this network. Wait a minute and try again.');
  }
  // A looser ceiling over all addresses still bounds how fast one account's password can be guessed.
  if (!(await withinLimit(env.SIGNIN_USER_LIMITER, userHash))) {
    throw rateLimited('Too many sign-in attempts for this user. Wait a minute and try again.');
  }

  let outcome = await passwordGrant(config, username, password);
  if (outcome.kind === 'mfa_required') {
    if (passcode === undefined) {
      throw new ApiError('mfa_required', 'Enter the passcode from your authenticator app.');
    }
    outcome = await mfaGrant(config, { username, password, passcode }, outcome);
    if (outcome.kind === 'refused') throw new ApiError('invalid_credentials', 'The passcode was not accepted.');
  }
  if (outcome.kind === 'refused') throw new ApiError('invalid_credentials', 'The username or password is not correct.');
  if (outcome.kind !== 'issued') throw new ApiError('upstream_error', 'The phone system did not complete the sign-in.');

  const { sessionId } = await createSession(env.SESSIONS, config.sessionKeys, outcome.tokens);
  const body: SignInResponse = { session: sessionId, user: outcome.tokens.user };
  return Response.json(body, { status: 201 });
}

export async function sessionStatus({ request, env, config }: RequestContext): Promise<Response> {
  const session = await authenticate({ kv: env.SESSIONS, config }, request);
  const body: SessionStatusResponse = {
    user: session.record.user,
    expiresAt: new Date(session.expiresAt * 1000).toISOString(),
  };
  return Response.json(body);
}

/** Idempotent: an unknown or already deleted session answers 204 as well. */
export async function signOut({ request, env, config }: RequestContext): Promise<Response> {
  const sessionId = bearerSessionId(request);
  if (sessionId === null) throw new ApiError('unauthorized', 'Sign in first.');
  const keyHash = await sessionKeyHash(sessionId);
  // Read first only to find the account index entry; a session that no longer decrypts is revoked all the same.
  const session = await loadSession(env.SESSIONS, config.sessionKeys, keyHash);
  // Revoked, not only deleted: a request still in flight (a token refresh) must not write the session back.
  await revokeSession(env.SESSIONS, keyHash, session?.record.user ?? null);
  return new Response(null, { status: 204 });
}
