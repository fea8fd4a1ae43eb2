/** Each account's audit key in AUDIT_ARCHIVE, wrapped under AUDIT_KEYS: deleting it makes the account's audit data unreadable. */
import { jsonOrUndefined, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import type { AuditKeyring } from '../config';
import { aesGcmOpen, aesGcmSeal } from '../crypto/aes-gcm';
import { fromBase64Url, randomBytes, toBase64Url, utf8 } from '../crypto/encoding';
import { logFailure } from '../log';
import { auditKeysOf } from './audit-keyring';
import { listPages } from './budgeted-list';
import type { OperationBudget } from './operation-budget';

const AUDIT_KEY_PREFIX = 'auditkey:';

/** The key the dial path uses: `auditkey:<pseudonym>`. */
export function currentKeyName(pseudonym: string): string {
  return `${AUDIT_KEY_PREFIX}${pseudonym}`;
}

/** Every key the account ever had (until it expires): `auditkey:<pseudonym>:<keyId>`. */
export function keyName(pseudonym: string, keyId: string): string {
  return `${AUDIT_KEY_PREFIX}${pseudonym}:${keyId}`;
}

/**
 * A key lives at least this long after it last encrypted a dial: longer than the archive keeps that dial (365 days
 * from 00:00 UTC of its day) and than Analytics Engine keeps its data point (three months).
 */
const LIFETIME_AFTER_USE_SECONDS = 366 * 86_400;
/** Rewritten with this much lifetime: at most one refresh (two writes) per account in 14 days. */
const LIFETIME_ON_WRITE_SECONDS = 380 * 86_400;

const WrappedKeySchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    v: z.literal(1),
    keyId: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)),
    /** AUDIT_KEYS kid of the wrapping key. */
    kid: z.string().check(z.minLength(1)),
    iv: z.string().check(z.minLength(1)),
    ct: z.string().check(z.minLength(1)),
  }),
);
type WrappedKey = z.infer<typeof WrappedKeySchema>;

/** KV metadata: when KV deletes it (epoch seconds) and when it was made (epoch ms), readable from a list. */
const KeyMetadataSchema = /* @__PURE__ */ pure(() => z.object({ exp: z.int(), created: z.int() }));
type KeyMetadata = z.infer<typeof KeyMetadataSchema>;

export interface AccountKey {
  keyId: string;
  key: CryptoKey;
}

/** Bound to the account and the key id: a wrapped key copied under another account or id does not unwrap. */
function wrapData(pseudonym: string, keyId: string, kid: string): Uint8Array<ArrayBuffer> {
  return utf8(`voipcom-audit-key/v1\n${pseudonym}\n${keyId}\n${kid}`);
}

function importAccountKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

async function unwrap(keyring: AuditKeyring, pseudonym: string, wrapped: WrappedKey): Promise<Uint8Array<ArrayBuffer> | null> {
  const keys = auditKeysOf(keyring, wrapped.kid);
  const iv = fromBase64Url(wrapped.iv);
  const ct = fromBase64Url(wrapped.ct);
  if (keys === null || iv === null || ct === null) return null;
  return aesGcmOpen((await keys).wrap, iv, ct, wrapData(pseudonym, wrapped.keyId, wrapped.kid));
}

/**
 * Writes the key under its own name first, then as the current key. Two first dials racing at two locations each
 * write a key: the current-key name keeps one, but both stay under their own names, so every dial stays readable.
 */
async function storeKey(
  kv: KVNamespace,
  keyring: AuditKeyring,
  pseudonym: string,
  keyId: string,
  raw: Uint8Array<ArrayBuffer>,
  created: number,
  nowMs: number,
): Promise<void> {
  const kid = keyring.current;
  const keys = auditKeysOf(keyring, kid);
  if (keys === null) throw new Error('current audit key missing');
  const { iv, ciphertext } = await aesGcmSeal((await keys).wrap, raw, wrapData(pseudonym, keyId, kid));
  const wrapped: WrappedKey = { v: 1, keyId, kid, iv: toBase64Url(iv), ct: toBase64Url(ciphertext) };
  const expiration = Math.floor(nowMs / 1000) + LIFETIME_ON_WRITE_SECONDS;
  const metadata: KeyMetadata = { exp: expiration, created };
  const value = JSON.stringify(wrapped);
  await kv.put(keyName(pseudonym, keyId), value, { expiration, metadata });
  try {
    await kv.put(currentKeyName(pseudonym), value, { expiration, metadata });
  } catch (error) {
    // Two first dials of an account within a second write the current name twice, and KV takes one write a second
    // to a key: the key is safe under its own name, and the next dial writes the current name again.
    logFailure('audit_key_current_write_failed', error);
  }
}

/**
 * The key a dial is encrypted with: one KV read in the steady state. A new account gets a fresh random key; a key
 * whose lifetime would not outlast the dial's archive entry, or that is wrapped under a retired kid, is rewritten
 * (re-wrapped under the current kid) first.
 */
export async function accountKeyForDial(kv: KVNamespace, keyring: AuditKeyring, pseudonym: string, nowMs: number): Promise<AccountKey> {
  const { value, metadata } = await kv.getWithMetadata(currentKeyName(pseudonym), 'text');
  const wrapped = value === null ? null : WrappedKeySchema.safeParse(jsonOrUndefined(value)).data;
  const raw = wrapped ? await unwrap(keyring, pseudonym, wrapped) : null;
  if (wrapped && raw) {
    const meta = KeyMetadataSchema.safeParse(metadata).data;
    const longEnough = meta !== undefined && meta.exp * 1000 >= nowMs + LIFETIME_AFTER_USE_SECONDS * 1000;
    if (!longEnough || wrapped.kid !== keyring.current) {
      await storeKey(kv, keyring, pseudonym, wrapped.keyId, raw, meta?.created ?? nowMs, nowMs);
    }
    return { keyId: wrapped.keyId, key: await importAccountKey(raw) };
  }
  // No key yet (or one this keyring cannot unwrap any more): a new one; earlier dials keep their own key ids.
  const keyId = toBase64Url(randomBytes(16));
  const fresh = randomBytes(32);
  await storeKey(kv, keyring, pseudonym, keyId, fresh, nowMs, nowMs);
  return { keyId, key: await importAccountKey(fresh) };
}

/** The key a stored dial names, or null when it was deleted (purged), expired or cannot be unwrapped. */
export async function openAccountKey(kv: KVNamespace, keyring: AuditKeyring, pseudonym: string, keyId: string): Promise<CryptoKey | null> {
  const value = await kv.get(keyName(pseudonym, keyId), 'text');
  const wrapped = value === null ? null : WrappedKeySchema.safeParse(jsonOrUndefined(value)).data;
  if (!wrapped || wrapped.keyId !== keyId) return null;
  const raw = await unwrap(keyring, pseudonym, wrapped);
  return raw === null ? null : importAccountKey(raw);
}

/**
 * Crypto-shredding: deletes every key of the account made at or before `purgedAtMs` (a key made later belongs to dials
 * after the purge). One list and a delete per key; false when the budget ran out first.
 */
export async function deleteAccountKeys(kv: KVNamespace, pseudonym: string, purgedAtMs: number, budget: OperationBudget): Promise<boolean> {
  // The prefix matches the current-key name and every `<pseudonym>:<keyId>` (pseudonyms of one kid have one length).
  return listPages(kv, currentKeyName(pseudonym), budget, async (keys) => {
    const doomed = keys.filter((key) => (KeyMetadataSchema.safeParse(key.metadata).data?.created ?? 0) <= purgedAtMs);
    if (!budget.take(doomed.length)) return false;
    await Promise.all(doomed.map((key) => kv.delete(key.name)));
    return true;
  });
}
