/** Session storage in KV `SESSIONS`: encrypted records under hashed ids, the sliding 30-day expiry, and the per-account index. */
import { jsonOrUndefined, SessionUserSchema, type SessionUser, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import type { SessionKeyring } from '../config';
import { randomBytes, sha256Hex, toBase64Url } from '../crypto/encoding';
import { accountKeyHash } from './account-hash';
import { open, seal, SealedSchema } from './vault';

/** A session lives 30 days after its last write... */
export const SESSION_TTL_SECONDS = 30 * 86_400;
/** ...and a use rewrites it (moving the expiry) only when the last write is at least this old. */
export const SLIDE_INTERVAL_SECONDS = 86_400;

export const SESSION_KEY_PREFIX = 'session:';
const ACCOUNT_KEY_PREFIX = 'account:';
export const REVOKED_KEY_PREFIX = 'revoked:';
/**
 * How long a revocation marker is kept: as long as a session can live after a write. A request still in flight at
 * sign-out ends within minutes (every PBX call is bounded by NS_TIMEOUT_MS); even a copy written back where the
 * marker was not yet visible must be written again within the access token's lifetime (refresh) or the day (slide),
 * and that write finds the marker. Never longer, so no key in SESSIONS outlives the policy's 30 days.
 */
export const REVOCATION_TTL_SECONDS = SESSION_TTL_SECONDS;

/** What the vault keeps per session (encrypted). */
export const SessionRecordSchema = /* @__PURE__ */ pure(() =>
  z.object({
    accessToken: z.string().check(z.minLength(1)),
    refreshToken: z.string().check(z.minLength(1)),
    /** Epoch seconds when the access token stops working. */
    accessExpiresAt: z.int(),
    user: SessionUserSchema,
  }),
);
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** KV metadata of a session key: when it was last written (epoch seconds); the expiry is lastWrite + TTL. */
const SessionMetadataSchema = /* @__PURE__ */ pure(() => z.object({ lastWrite: z.int() }));
export type SessionMetadata = z.infer<typeof SessionMetadataSchema>;

export interface LoadedSession {
  /** Hex SHA-256 of the session id: names the KV keys and the dial rate-limit bucket. */
  keyHash: string;
  record: SessionRecord;
  lastWrite: number;
  /** Epoch seconds. */
  expiresAt: number;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** 256 random bits, base64url: the bearer token the extension keeps. */
export function newSessionId(): string {
  return toBase64Url(randomBytes(32));
}

export function sessionKeyHash(sessionId: string): Promise<string> {
  return sha256Hex(sessionId);
}

export function sessionKvKey(keyHash: string): string {
  return `${SESSION_KEY_PREFIX}${keyHash}`;
}

/** Prefix listing every session index entry of one account (see accountKeyHash). */
export function accountKvPrefix(accountHash: string): string {
  return `${ACCOUNT_KEY_PREFIX}${accountHash}:`;
}

export function revocationKvKey(keyHash: string): string {
  return `${REVOKED_KEY_PREFIX}${keyHash}`;
}

/** Encrypts and writes the record and its account index entry, both expiring SESSION_TTL_SECONDS from now. */
async function writeSession(kv: KVNamespace, keyring: SessionKeyring, keyHash: string, record: SessionRecord): Promise<number> {
  const lastWrite = nowSeconds();
  const expiration = lastWrite + SESSION_TTL_SECONDS;
  const kvKey = sessionKvKey(keyHash);
  const sealed = await seal(keyring, kvKey, JSON.stringify(record));
  const metadata: SessionMetadata = { lastWrite };
  // An absolute expiration equal to expirationTtl = SESSION_TTL_SECONDS, computed on the same clock as lastWrite,
  // so the expiry the Worker reports is exactly the one KV enforces.
  await Promise.all([
    kv.put(kvKey, JSON.stringify(sealed), { expiration, metadata }),
    kv.put(`${accountKvPrefix(await accountKeyHash(record.user.uid))}${keyHash}`, '', { expiration }),
  ]);
  return expiration;
}

/** Creates a session for freshly issued tokens; returns the id to hand to the client (never stored). */
export async function createSession(
  kv: KVNamespace,
  keyring: SessionKeyring,
  record: SessionRecord,
): Promise<{ sessionId: string; expiresAt: number }> {
  const sessionId = newSessionId();
  const expiresAt = await writeSession(kv, keyring, await sessionKeyHash(sessionId), record);
  return { sessionId, expiresAt };
}

/**
 * Writes an existing session back (new tokens, or the daily slide) unless it was revoked: null then, and nothing of
 * it is left in KV. The marker is read again after the write because sign-out may land between the first read and
 * the write; sign-out writes its marker before it deletes, so either that delete removes this write or this second
 * read sees the marker. A revoked session found still stored (a copy written back at another location before the
 * marker reached it) is deleted here too.
 */
export async function rewriteSession(
  kv: KVNamespace,
  keyring: SessionKeyring,
  keyHash: string,
  record: SessionRecord,
): Promise<number | null> {
  if (!(await isRevoked(kv, keyHash))) {
    const expiration = await writeSession(kv, keyring, keyHash, record);
    if (!(await isRevoked(kv, keyHash))) return expiration;
  }
  await deleteSession(kv, keyHash, record.user);
  return null;
}

async function isRevoked(kv: KVNamespace, keyHash: string): Promise<boolean> {
  return (await kv.get(revocationKvKey(keyHash))) !== null;
}

/**
 * Sign-out and purge: marks the session revoked, then deletes it and (when its account is known) its index entry.
 * The marker comes first so that no request in flight can write the session back afterwards (rewriteSession).
 */
export async function revokeSession(kv: KVNamespace, keyHash: string, user: SessionUser | null): Promise<void> {
  await kv.put(revocationKvKey(keyHash), '', { expirationTtl: REVOCATION_TTL_SECONDS });
  await deleteSession(kv, keyHash, user);
}

/** One KV read. Null when absent, expired, undecryptable (retired key) or malformed. */
export async function loadSession(kv: KVNamespace, keyring: SessionKeyring, keyHash: string): Promise<LoadedSession | null> {
  const kvKey = sessionKvKey(keyHash);
  const { value, metadata } = await kv.getWithMetadata(kvKey, 'text');
  if (value === null) return null;
  const lastWrite = SessionMetadataSchema.safeParse(metadata).data?.lastWrite ?? 0;
  const expiresAt = lastWrite + SESSION_TTL_SECONDS;
  // KV may serve a cached copy briefly past its expiration; the Worker's own check makes the expiry exact.
  if (nowSeconds() >= expiresAt) return null;
  const sealed = SealedSchema.safeParse(jsonOrUndefined(value));
  if (!sealed.success) return null;
  const plaintext = await open(keyring, kvKey, sealed.data);
  if (plaintext === null) return null;
  const record = SessionRecordSchema.safeParse(jsonOrUndefined(plaintext));
  if (!record.success) return null;
  return { keyHash, record: record.data, lastWrite, expiresAt };
}

/** Whether this use should rewrite the session to move its expiry (at most once per SLIDE_INTERVAL_SECONDS). */
export function isDueForSlide(session: LoadedSession): boolean {
  return nowSeconds() - session.lastWrite >= SLIDE_INTERVAL_SECONDS;
}

/** Deletes a session and, when its account is known, its index entry. Idempotent. */
export async function deleteSession(kv: KVNamespace, keyHash: string, user: SessionUser | null): Promise<void> {
  const deletions = [kv.delete(sessionKvKey(keyHash))];
  if (user !== null) deletions.push(kv.delete(`${accountKvPrefix(await accountKeyHash(user.uid))}${keyHash}`));
  await Promise.all(deletions);
}
