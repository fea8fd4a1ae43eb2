/** Byte encodings (base64url, hex) and SHA-256 used for ids, KV keys and ciphertexts. */
// base64url from jose, which the Worker already carries for Access JWTs, instead of a hand-written codec.
import { base64url } from 'jose';

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  // A TextEncoder result always owns a plain ArrayBuffer.
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export function toBase64Url(bytes: Uint8Array): string {
  return base64url.encode(bytes);
}

/** Decodes base64url (no padding); null when the text is not base64url (jose would also take "+", "/" and "="). */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    // A fresh copy: WebCrypto takes only bytes over a plain ArrayBuffer.
    return new Uint8Array(base64url.decode(text));
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Lower-case hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}
