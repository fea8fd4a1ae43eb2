/**
 * The callId the Worker hands out: the call's facts sealed with AES-256-GCM for the session that placed it, so the
 * Worker keeps nothing about calls and a callId opens for no other session.
 */
import { CallIdSchema, E164Schema, jsonOrUndefined, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import type { SessionKeyring } from '../config';
import { aesGcmOpen, aesGcmSeal, IV_BYTES } from '../crypto/aes-gcm';
import { fromBase64Url, randomBytes, toBase64Url, toHex, utf8 } from '../crypto/encoding';
import { KeyCache } from '../crypto/key-cache';

/**
 * The `call-id` the Worker sends to the PBX: 128 random bits in hex behind a prefix of its own, so that a listed call
 * carrying such an id is known to be another call placed through Click-to-Dial (call-state.ts).
 */
export const PBX_CALL_ID = /^c2d-[0-9a-f]{32}$/;

export function newPbxCallId(): string {
  return `c2d-${toHex(randomBytes(16))}`;
}

/** What a callId holds. */
export interface PlacedCall {
  /** The random `call-id` the Worker sent to the PBX. */
  pbxCallId: string;
  /** E.164. */
  destination: string;
  /** Epoch ms just before the PBX was asked to call. */
  startedAt: number;
  /** deviceTag() of the device asked to ring first; '' when all the user's phones ring. */
  originationTag: string;
}

const PlacedCallSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    p: z.string().check(z.regex(PBX_CALL_ID)),
    d: E164Schema,
    t: z.int().check(z.nonnegative()),
    o: z.string().check(z.regex(/^([A-Za-z0-9_-]{22})?$/)),
  }),
);

/**
 * 128 bits of SHA-256 of a device id: names the device in a callId in 22 characters whatever the id's length (device
 * ids are up to 128 characters of any kind), so a callId stays within CallIdSchema's 512.
 */
export async function deviceTag(deviceId: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(deviceId))).subarray(0, 16));
}

/** Format version, first byte of every callId. */
const VERSION = 1;

/**
 * A key of its own, derived (HKDF-SHA-256) from the session key with the same kid: a callId and a session record
 * are never encrypted under one key, and rotating SESSION_KEYS rotates both.
 */
const callKeys = new KeyCache(async (raw) =>
  crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8('voipcom-call-id/v1') },
    await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']),
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  ),
);

/** Additional data: the session's key hash, so a callId opens only for the session that placed the call. */
function additionalData(sessionKeyHash: string, kid: string): Uint8Array<ArrayBuffer> {
  return utf8(`voipcom-call/v1\n${sessionKeyHash}\n${kid}`);
}

/** base64url of: version, kid length, kid, IV, ciphertext with tag (at most 300 characters; CallIdSchema allows 512). */
export async function sealCallId(keyring: SessionKeyring, sessionKeyHash: string, call: PlacedCall): Promise<string> {
  const kid = keyring.current;
  const raw = keyring.keys.get(kid);
  if (raw === undefined) throw new Error('current session key missing');
  const plaintext = JSON.stringify({ p: call.pbxCallId, d: call.destination, t: call.startedAt, o: call.originationTag });
  const { iv, ciphertext } = await aesGcmSeal(await callKeys.get(kid, raw), utf8(plaintext), additionalData(sessionKeyHash, kid));
  const kidBytes = utf8(kid);
  return toBase64Url(new Uint8Array([VERSION, kidBytes.length, ...kidBytes, ...iv, ...ciphertext]));
}

/** The call, or null when the callId is malformed, from another session, or sealed under a key no longer in the ring. */
export async function openCallId(keyring: SessionKeyring, sessionKeyHash: string, callId: string): Promise<PlacedCall | null> {
  if (!CallIdSchema.safeParse(callId).success) return null;
  const bytes = fromBase64Url(callId);
  if (bytes === null || bytes[0] !== VERSION) return null;
  const kidLength = bytes[1] ?? 0;
  const kid = new TextDecoder().decode(bytes.subarray(2, 2 + kidLength));
  const raw = keyring.keys.get(kid);
  const iv = bytes.slice(2 + kidLength, 2 + kidLength + IV_BYTES);
  const ciphertext = bytes.slice(2 + kidLength + IV_BYTES);
  if (raw === undefined || iv.length !== IV_BYTES || ciphertext.length === 0) return null;
  const opened = await aesGcmOpen(await callKeys.get(kid, raw), iv, ciphertext, additionalData(sessionKeyHash, kid));
  if (opened === null) return null;
  const parsed = PlacedCallSchema.safeParse(jsonOrUndefined(new TextDecoder().decode(opened)));
  if (!parsed.success) return null;
  return { pbxCallId: parsed.data.p, destination: parsed.data.d, startedAt: parsed.data.t, originationTag: parsed.data.o };
}
