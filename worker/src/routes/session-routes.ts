/** POST/GET/DELETE /v1/session: sign-in (password and MFA grants), status, sign-out. */
import { err, ok, SignInRequestSchema, type SessionStatusResponse, type SignInResponse } from '@voipcom/shared';
import { sha256Hex } from '../crypto/encoding';
import { readJsonBody } from '../http/json-body';
import { checkLimit } from '../http/rate-limits';
import { route } from '../http/router';
import { mfaGrant, passwordGrant } from '../netsapiens/token-grants';
import { bearerSessionId } from '../session/active-session';
import { createSession, loadSession, revokeSession, sessionKeyHash } from '../session/session-storage';

/** The credentials serve this one exchange with the PBX and are kept nowhere. Limited per client IP first (route). */
export const signIn = route({
  auth: 'none',
  limit: 'sign_in_ip',
  async handle({ request, env, config, clientIp }) {
    const body = await readJsonBody(request, SignInRequestSchema);
    if (!body.ok) return body;
    const { username, password, passcode } = body.data;
    // Keyed by a hash so the limiters never hold a username in clear.
    const userHash = await sha256Hex(username.toLowerCase());
    // Tight per (username, address): a stranger's wrong guesses use up only their own address's allowance, so they
    // cannot lock the user out from the user's address. Checked first, so those refused tries do not count below.
    const perAddress = await checkLimit(env, 'sign_in_user_ip', `${userHash}:${clientIp}`);
    if (!perAddress.ok) return perAddress;
    // A looser ceiling over all addresses still bounds how fast one account's password can be guessed.
    const perUser = await checkLimit(env, 'sign_in_user', userHash);
    if (!perUser.ok) return perUser;

    let outcome = await passwordGrant(config, username, password);
    if (!outcome.ok && outcome.error.reason === 'mfa_required') {
      if (passcode === undefined) return err({ reason: 'mfa_required' });
      outcome = await mfaGrant(config, { username, password, passcode }, outcome.error);
      if (!outcome.ok && outcome.error.reason === 'refused') return err({ reason: 'passcode_refused' });
    }
    if (!outcome.ok) return err({ reason: outcome.error.reason === 'refused' ? 'credentials_refused' : 'sign_in_incomplete' });

    const { sessionId } = await createSession(env.SESSIONS, config.sessionKeys, outcome.data);
    const answer: SignInResponse = { session: sessionId, user: outcome.data.user };
    return ok(Response.json(answer, { status: 201 }));
  },
});

export const sessionStatus = route({
  auth: 'session',
  async handle(_rc, session) {
    const body: SessionStatusResponse = {
      user: session.record.user,
      expiresAt: new Date(session.expiresAt * 1000).toISOString(),
    };
    return ok(Response.json(body));
  },
});

/** Idempotent: an unknown or already deleted session answers 204 as well. */
export const signOut = route({
  auth: 'none',
  async handle({ request, env, config }) {
    const sessionId = bearerSessionId(request);
    if (sessionId === null) return err({ reason: 'not_signed_in' });
    const keyHash = await sessionKeyHash(sessionId);
    // Read first only to find the account index entry; a session that no longer decrypts is revoked all the same.
    const session = await loadSession(env.SESSIONS, config.sessionKeys, keyHash);
    // Revoked, not only deleted: a request still in flight (a token refresh) must not write the session back.
    await revokeSession(env.SESSIONS, keyHash, session?.record.user ?? null);
    return ok(new Response(null, { status: 204 }));
  },
});
