/**
 * AES-256-GCM with additional data (WebCrypto): the one way the Worker seals what it keeps (sessions, call ids,
 * audit keys, dial records). Each caller binds its ciphertext to where it belongs through the additional data.
 */
import { randomBytes } from './encoding';

/** GCM's recommended 96-bit nonce, fresh for every seal. */
export const IV_BYTES = 12;

export interface AesGcmSealed {
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
}

export async function aesGcmSeal(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<AesGcmSealed> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext);
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** The plaintext, or null when the nonce is malformed or the ciphertext does not authenticate under this key and data. */
export async function aesGcmOpen(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  ciphertext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (iv.length !== IV_BYTES) return null;
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, ciphertext));
  } catch {
    return null;
  }
}
