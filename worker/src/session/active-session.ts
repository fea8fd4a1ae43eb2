/** Bearer authentication: loads the session (1 KV read), refreshes an expired access token, slides the expiry (except for call status and hang-up). */
import { SessionIdSchema } from '@voipcom/shared';
import type { Config } from '../config';
import { failed, failureOf } from '../http/failure';
import { refreshGrant } from '../netsapiens/token-grants';
import {
  deleteSession,
  isDueForSlide,
  loadSession,
  nowSeconds,
  rewriteSession,
  SESSION_TTL_SECONDS,
  sessionKeyHash,
  type LoadedSession,
  type SessionRecord,
} from './session-storage';

/** Refresh this long before the PBX's stated expiry, so a token does not lapse between check and use. */
const ACCESS_TOKEN_MARGIN_SECONDS = 60;

export interface SessionDeps {
  kv: KVNamespace;
  config: Config;
}

/** The session id from `Authorization: Bearer <id>`; null when the header is absent. */
export function bearerSessionId(request: Request): string | null {
  const header = request.headers.get('Authorization');
  if (header === null) return null;
  // The scheme is case-insensitive (RFC 9110); the id itself must be exactly a session id.
  const match = /^Bearer +([A-Za-z0-9_-]+)$/i.exec(header.trim());
  const parsed = SessionIdSchema.safeParse(match?.[1]);
  if (!parsed.success) throw failed({ reason: 'session_expired' });
  return parsed.data;
}

/** The bearer's session key hash, found without reading KV (so a limit can be checked before the session is read). */
export async function bearerKeyHash(request: Request): Promise<string> {
  const sessionId = bearerSessionId(request);
  if (sessionId === null) throw failed({ reason: 'not_signed_in' });
  return sessionKeyHash(sessionId);
}

/** The caller's session with a usable access token; 401 otherwise. */
export async function authenticate(deps: SessionDeps, request: Request): Promise<LoadedSession> {
  const session = await authenticateWithoutSlide(deps, await bearerKeyHash(request));
  if (isDueForSlide(session)) {
    // The rewrite also re-encrypts under the current key, so rotation completes as sessions are used.
    let expiresAt: number | null;
    try {
      expiresAt = await rewriteSession(deps.kv, deps.config.sessionKeys, session.keyHash, session.record);
    } catch (error) {
      // The slide only moves the expiry: when KV refuses the write (busy key, outage), the next request slides it.
      if (failureOf(error)?.reason === 'platform_fault') return session;
      throw error;
    }
    // Signed out (or purged) since it was loaded: the session stays gone.
    if (expiresAt === null) throw failed({ reason: 'session_expired' });
    session.expiresAt = expiresAt;
  }
  return session;
}

/**
 * The session with a usable access token, at one KV read and no write unless the access token must be refreshed:
 * for requests that follow a call (its status, its hang-up), polled every second. They leave the daily slide to the
 * dial that started the call, which made it.
 */
export async function authenticateWithoutSlide(deps: SessionDeps, keyHash: string): Promise<LoadedSession> {
  const session = await loadSession(deps.kv, deps.config.sessionKeys, keyHash);
  if (session === null) throw failed({ reason: 'session_expired' });
  if (nowSeconds() >= session.record.accessExpiresAt - ACCESS_TOKEN_MARGIN_SECONDS) return refreshSession(deps, session);
  return session;
}

/**
 * Trades the refresh token for new tokens and stores them, unless the session was revoked meanwhile. When the PBX refuses, the session may have been refreshed
 * meanwhile by a parallel request (refresh tokens rotate): the stored copy is re-read before the session is deleted.
 */
export async function refreshSession(deps: SessionDeps, session: LoadedSession): Promise<LoadedSession> {
  const outcome = await refreshGrant(deps.config, session.record.refreshToken);
  if (outcome.ok) {
    const record = { ...outcome.data };
    const expiresAt = await storeRefreshed(deps, session.keyHash, record);
    // Signed out (or purged) while the PBX was issuing the tokens: they are dropped with the session.
    if (expiresAt === null) throw failed({ reason: 'session_expired' });
    return { keyHash: session.keyHash, record, lastWrite: expiresAt - SESSION_TTL_SECONDS, expiresAt };
  }
  const stored = await loadSession(deps.kv, deps.config.sessionKeys, session.keyHash);
  if (stored !== null && stored.record.refreshToken !== session.record.refreshToken) return stored;
  await deleteSession(deps.kv, session.keyHash, session.record.user);
  throw failed({ reason: 'session_expired' });
}

/** KV takes one write a second to a key: a refresh right after another write to the session waits this long once. */
const REFRESH_WRITE_RETRY_MS = 1_100;

/**
 * Stores freshly issued tokens, trying twice: refresh tokens rotate, so tokens the PBX issued and KV did not keep
 * end the session at its next refresh. A second failure answers 503 (worker/README.md, Platform faults).
 */
async function storeRefreshed(deps: SessionDeps, keyHash: string, record: SessionRecord): Promise<number | null> {
  try {
    return await rewriteSession(deps.kv, deps.config.sessionKeys, keyHash, record);
  } catch (error) {
    if (failureOf(error)?.reason !== 'platform_fault') throw error;
    await new Promise((resolve) => setTimeout(resolve, REFRESH_WRITE_RETRY_MS));
    return rewriteSession(deps.kv, deps.config.sessionKeys, keyHash, record);
  }
}
