/** Node-side opening and sealing of callIds, following worker/STORAGE.md ("callIds") independently of the Worker's code. */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { SessionKeysJson } from './harness';
import { sha256Hex } from './session-vault';

/** The sealed JSON: p = call-id sent to the PBX, d = E.164, t = epoch ms of the dial, o = device tag or ''. */
export interface CallIdContents {
  p: string;
  d: string;
  t: number;
  o: string;
}

function callKey(keys: SessionKeysJson, kid: string): Buffer {
  const raw = keys.keys[kid];
  if (raw === undefined) throw new Error(`unknown kid ${kid}`);
  return Buffer.from(hkdfSync('sha256', Buffer.from(raw, 'base64url'), Buffer.alloc(0), 'voipcom-call-id/v1', 32));
}

function aad(sessionId: string, kid: string): Buffer {
  return Buffer.from(`voipcom-call/v1\n${sha256Hex(sessionId)}\n${kid}`, 'utf8');
}

export function openCallId(keys: SessionKeysJson, sessionId: string, callId: string): { kid: string; contents: CallIdContents } {
  const bytes = Buffer.from(callId, 'base64url');
  if (bytes[0] !== 1) throw new Error('not a version 1 callId');
  const kidLength = bytes[1];
  const kid = bytes.subarray(2, 2 + kidLength).toString('utf8');
  const iv = bytes.subarray(2 + kidLength, 14 + kidLength);
  const data = bytes.subarray(14 + kidLength);
  const decipher = createDecipheriv('aes-256-gcm', callKey(keys, kid), iv);
  decipher.setAAD(aad(sessionId, kid));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return { kid, contents: JSON.parse(plaintext.toString('utf8')) as CallIdContents };
}

export function sealCallId(keys: SessionKeysJson, kid: string, sessionId: string, contents: CallIdContents): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', callKey(keys, kid), iv);
  cipher.setAAD(aad(sessionId, kid));
  const ct = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const kidBytes = Buffer.from(kid, 'utf8');
  return Buffer.concat([Buffer.from([1, kidBytes.length]), kidBytes, iv, ct]).toString('base64url');
}

/** How a callId names its device: base64url of the first 16 bytes of SHA-256 of the device id. */
export function deviceTag(deviceId: string): string {
  return createHash('sha256').update(deviceId, 'utf8').digest().subarray(0, 16).toString('base64url');
}
