/** Encrypts what a dial record says (destination, outcome, error) under the account's audit key, bound to the dial. */
import { jsonOrUndefined, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import { aesGcmOpen, aesGcmSeal } from '../crypto/aes-gcm';
import { fromBase64Url, randomBytes, toBase64Url, utf8 } from '../crypto/encoding';

/** The privacy policy's dial event, less the time (kept beside it in clear, see DialIdentity). */
export interface DialContent {
  /** The requested number when it was E.164, else '' (the trail never keeps free text a request sent). */
  destination: string;
  placed: boolean;
  /** The message the user saw; '' when the call was placed. */
  error: string;
}

/** What names a dial and is stored in clear beside its sealed content. */
export interface DialIdentity {
  pseudonym: string;
  /** 128 random bits, base64url: the dial's key in the archive. */
  dialId: string;
  /** Epoch milliseconds the request arrived. */
  atMs: number;
}

/** `s1.<keyId>.<iv>.<ciphertext>`, all base64url. */
export const SEALED_PATTERN = /^s1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)$/;
export const DIAL_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Plaintext at most this many bytes, so the sealed text stays under ~870 bytes: it is stored as KV metadata (1,024
 * bytes at most, with the time beside it) and as an Analytics Engine blob (16 KB per data point).
 */
const MAX_PLAINTEXT_BYTES = 600;

const ContentSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({ d: z.string(), p: z.union([z.literal(0), z.literal(1)]), e: z.string() }),
);

export function newDialId(): string {
  return toBase64Url(randomBytes(16));
}

/** The sealed content opens only for the account, dial id and time it was written for: rows cannot be swapped. */
function dialData(identity: DialIdentity): Uint8Array<ArrayBuffer> {
  return utf8(`voipcom-dial/v1\n${identity.pseudonym}\n${identity.dialId}\n${identity.atMs}`);
}

/** Our own error messages are short; a longer one is cut (never the destination) to keep the sealed text bounded. */
function plaintext(content: DialContent): string {
  let error = content.error;
  for (;;) {
    const text = JSON.stringify({ d: content.destination, p: content.placed ? 1 : 0, e: error });
    if (utf8(text).length <= MAX_PLAINTEXT_BYTES || error === '') return text;
    error = `${error.slice(0, Math.max(0, error.length - Math.max(8, error.length >> 3)))}…`;
  }
}

export async function sealDial(key: CryptoKey, keyId: string, identity: DialIdentity, content: DialContent): Promise<string> {
  const { iv, ciphertext } = await aesGcmSeal(key, utf8(plaintext(content)), dialData(identity));
  return `s1.${keyId}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
}

/** The account key id a sealed text needs, or null when it is not one. */
export function sealedKeyId(sealed: string): string | null {
  return SEALED_PATTERN.exec(sealed)?.[1] ?? null;
}

/** Null when the text is not sealed content of this dial under this key. */
export async function openDial(key: CryptoKey, identity: DialIdentity, sealed: string): Promise<DialContent | null> {
  const match = SEALED_PATTERN.exec(sealed);
  const iv = match ? fromBase64Url(match[2]) : null;
  const ct = match ? fromBase64Url(match[3]) : null;
  if (iv === null || ct === null) return null;
  const opened = await aesGcmOpen(key, iv, ct, dialData(identity));
  if (opened === null) return null;
  // Authenticated but not this shape (or not JSON): not a dial record this Worker wrote.
  const content = ContentSchema.safeParse(jsonOrUndefined(new TextDecoder().decode(opened)));
  return content.success ? { destination: content.data.d, placed: content.data.p === 1, error: content.data.e } : null;
}
