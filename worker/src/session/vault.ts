/** AES-256-GCM sealing of session records, bound to their KV key and key id; rotation through a keyring. */
import * as z from 'zod/mini';
import { pure } from '@voipcom/shared';
import type { SessionKeyring } from '../config';
import { aesGcmOpen, aesGcmSeal } from '../crypto/aes-gcm';
import { fromBase64Url, toBase64Url, utf8 } from '../crypto/encoding';
import { KeyCache } from '../crypto/key-cache';

/** What is stored in KV: the key id travels with the ciphertext so older keys keep decrypting after rotation. */
export const SealedSchema = /* @__PURE__ */ pure(() =>
  z.object({
    v: z.literal(1),
    kid: z.string().check(z.minLength(1)),
    iv: z.string().check(z.minLength(1)),
    ct: z.string().check(z.minLength(1)),
  }),
);
export type Sealed = z.infer<typeof SealedSchema>;

/** SESSION_KEYS imported for AES-GCM. */
const sessionKeys = new KeyCache((raw) => crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']));

/** Additional data: the ciphertext only opens under the KV key and key id it was written for. */
function additionalData(kvKey: string, kid: string): Uint8Array<ArrayBuffer> {
  return utf8(`voipcom-session/v1\n${kvKey}\n${kid}`);
}

export async function seal(keyring: SessionKeyring, kvKey: string, plaintext: string): Promise<Sealed> {
  const kid = keyring.current;
  const raw = keyring.keys.get(kid);
  if (raw === undefined) throw new Error('current session key missing');
  const { iv, ciphertext } = await aesGcmSeal(await sessionKeys.get(kid, raw), utf8(plaintext), additionalData(kvKey, kid));
  return { v: 1, kid, iv: toBase64Url(iv), ct: toBase64Url(ciphertext) };
}

/** The plaintext, or null when the key id is unknown (retired) or the ciphertext does not authenticate. */
export async function open(keyring: SessionKeyring, kvKey: string, sealed: Sealed): Promise<string | null> {
  const raw = keyring.keys.get(sealed.kid);
  const iv = fromBase64Url(sealed.iv);
  const ct = fromBase64Url(sealed.ct);
  if (raw === undefined || iv === null || ct === null) return null;
  const plaintext = await aesGcmOpen(await sessionKeys.get(sealed.kid, raw), iv, ct, additionalData(kvKey, sealed.kid));
  return plaintext === null ? null : new TextDecoder().decode(plaintext);
}
