/** AUDIT_KEYS: per key id, the HMAC key that names accounts in the audit trail and the AES key that wraps account keys. */
import type { AuditKeyring } from '../config';
import { toBase64Url, utf8 } from '../crypto/encoding';
import { KeyCache } from '../crypto/key-cache';

interface DerivedKeys {
  /** HMAC-SHA-256: the account pseudonym (Analytics Engine index, archive keys). */
  index: CryptoKey;
  /** AES-256-GCM: wraps each account's audit key in KV. */
  wrap: CryptoKey;
}

/**
 * One secret, two keys: HKDF-SHA-256 with a distinct `info` each (RFC 5869 key separation), so the HMAC key and the
 * wrap key are independent although one `wrangler secret put` rotates both.
 */
async function derive(raw: Uint8Array<ArrayBuffer>): Promise<DerivedKeys> {
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  const params = (info: string): SubtleCryptoDeriveKeyAlgorithm => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: utf8(info),
  });
  const [index, wrap] = await Promise.all([
    crypto.subtle.deriveKey(params('voipcom-audit-index/v1'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    crypto.subtle.deriveKey(params('voipcom-audit-wrap/v1'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  ]);
  return { index, wrap };
}

const derivedKeys = new KeyCache(derive);

/** The derived keys of one kid, or null when the keyring no longer holds it. */
export function auditKeysOf(keyring: AuditKeyring, kid: string): Promise<DerivedKeys> | null {
  const raw = keyring.keys.get(kid);
  return raw === undefined ? null : derivedKeys.get(kid, raw);
}

/** `<kid>.<43 base64url characters>`: at most 60 bytes, far below Analytics Engine's 96-byte index limit. */
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{43}$/;

/**
 * The account's name in the audit trail under one kid: HMAC of the lower-cased uid (uids are case-insensitive, and the
 * session index lower-cases the same way, in JavaScript, so the purge and the dial agree for every uid). Keyed, not a
 * bare hash: a uid is guessable, so SHA-256(uid) would name the account to anyone holding a list of uids.
 */
export async function accountPseudonym(keyring: AuditKeyring, uid: string, kid: string = keyring.current): Promise<string> {
  const keys = auditKeysOf(keyring, kid);
  if (keys === null) throw new Error('audit key id missing from AUDIT_KEYS');
  const mac = await crypto.subtle.sign('HMAC', (await keys).index, utf8(`voipcom-audit-account/v1\n${uid.toLowerCase()}`));
  return `${kid}.${toBase64Url(new Uint8Array(mac))}`;
}

/** The account's pseudonyms under every kid still in the keyring, current first: what a purge or a reader looks for. */
export async function allPseudonyms(keyring: AuditKeyring, uid: string): Promise<string[]> {
  const kids = [keyring.current, ...[...keyring.keys.keys()].filter((kid) => kid !== keyring.current)];
  return Promise.all(kids.map((kid) => accountPseudonym(keyring, uid, kid)));
}
