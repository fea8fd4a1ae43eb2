/** Node-side reading and writing of stored sessions, following worker/STORAGE.md independently of the Worker's code. */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SessionKeysJson } from './harness';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  user: { uid: string; user: string; domain: string; displayName: string };
}

interface Sealed {
  v: 1;
  kid: string;
  iv: string;
  ct: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sessionKvKey(sessionId: string): string {
  return `session:${sha256Hex(sessionId)}`;
}

export function accountKvKey(uid: string, sessionId: string): string {
  return `account:${sha256Hex(uid.toLowerCase())}:${sha256Hex(sessionId)}`;
}

function aad(kvKey: string, kid: string): Buffer {
  return Buffer.from(`voipcom-session/v1\n${kvKey}\n${kid}`, 'utf8');
}

export function openSession(keys: SessionKeysJson, kvKey: string, value: string): { kid: string; record: StoredSession } {
  const sealed = JSON.parse(value) as Sealed;
  const key = keys.keys[sealed.kid];
  if (key === undefined) throw new Error(`unknown kid ${sealed.kid}`);
  const data = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(aad(kvKey, sealed.kid));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return { kid: sealed.kid, record: JSON.parse(plaintext.toString('utf8')) as StoredSession };
}

export function sealSession(keys: SessionKeysJson, kid: string, kvKey: string, record: StoredSession): string {
  const key = keys.keys[kid];
  if (key === undefined) throw new Error(`unknown kid ${kid}`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), iv);
  cipher.setAAD(aad(kvKey, kid));
  const ct = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const sealed: Sealed = { v: 1, kid, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
  return JSON.stringify(sealed);
}
