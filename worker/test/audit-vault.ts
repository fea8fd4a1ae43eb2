/** Node-side reading of the dial audit trail (data points, archive records, account keys), following worker/STORAGE.md independently of the Worker's code. */
import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import type { DataPoint, KvEntry, KvNamespace, SessionKeysJson } from './harness';

/** A dial as the trail holds it, once opened. */
export interface OpenedDial {
  pseudonym: string;
  dialId: string;
  /** Epoch ms the request arrived. */
  at: number;
  destination: string;
  placed: boolean;
  error: string;
}

function derived(keys: SessionKeysJson, kid: string, purpose: 'index' | 'wrap'): Buffer {
  const raw = keys.keys[kid];
  if (raw === undefined) throw new Error(`no audit kid ${kid}`);
  return Buffer.from(hkdfSync('sha256', Buffer.from(raw, 'base64url'), Buffer.alloc(0), `voipcom-audit-${purpose}/v1`, 32));
}

/** `<kid>.<base64url HMAC-SHA-256 of the lower-cased uid>` under the kid's derived index key. */
export function pseudonymOf(keys: SessionKeysJson, uid: string, kid: string = keys.current): string {
  const mac = createHmac('sha256', derived(keys, kid, 'index'))
    .update(`voipcom-audit-account/v1\n${uid.toLowerCase()}`, 'utf8')
    .digest('base64url');
  return `${kid}.${mac}`;
}

function aesGcmOpen(key: Buffer, iv: Buffer, data: Buffer, aad: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** The account key a dial names, unwrapped; null when it is gone (purged) or does not open. */
export async function accountKey(kv: KvNamespace, keys: SessionKeysJson, pseudonym: string, keyId: string): Promise<Buffer | null> {
  const value = await kv.get(`auditkey:${pseudonym}:${keyId}`, 'text');
  if (value === null) return null;
  const wrapped = JSON.parse(value) as { v: 1; keyId: string; kid: string; iv: string; ct: string };
  if (keys.keys[wrapped.kid] === undefined) return null;
  return aesGcmOpen(
    derived(keys, wrapped.kid, 'wrap'),
    Buffer.from(wrapped.iv, 'base64url'),
    Buffer.from(wrapped.ct, 'base64url'),
    `voipcom-audit-key/v1\n${pseudonym}\n${keyId}\n${wrapped.kid}`,
  );
}

/** Opens sealed content (`s1.<keyId>.<iv>.<ct>`) of the dial; null when its key is gone or it does not authenticate. */
export async function openSealed(
  kv: KvNamespace,
  keys: SessionKeysJson,
  dial: { pseudonym: string; dialId: string; at: number },
  sealed: string,
): Promise<OpenedDial | null> {
  const [version, keyId, iv, ct] = sealed.split('.');
  if (version !== 's1' || keyId === undefined || iv === undefined || ct === undefined) return null;
  const key = await accountKey(kv, keys, dial.pseudonym, keyId);
  if (key === null) return null;
  const plain = aesGcmOpen(
    key,
    Buffer.from(iv, 'base64url'),
    Buffer.from(ct, 'base64url'),
    `voipcom-dial/v1\n${dial.pseudonym}\n${dial.dialId}\n${dial.at}`,
  );
  if (plain === null) return null;
  const content = JSON.parse(plain.toString('utf8')) as { d: string; p: 0 | 1; e: string };
  return { ...dial, destination: content.d, placed: content.p === 1, error: content.e };
}

/** A data point as dial-audit.ts writes it: index = pseudonym, blobs = [dial id, sealed], doubles = [time]. */
export function openPoint(kv: KvNamespace, keys: SessionKeysJson, point: DataPoint): Promise<OpenedDial | null> {
  const pseudonym = point.indexes?.[0] ?? '';
  const [dialId, sealed] = point.blobs ?? [];
  const at = point.doubles?.[0] ?? 0;
  return openSealed(kv, keys, { pseudonym, dialId: dialId ?? '', at }, sealed ?? '');
}

/** An archive record `audit:<day>:<pseudonym>:<dialId>` with metadata {at, s}. */
export function openRecord(kv: KvNamespace, keys: SessionKeysJson, entry: KvEntry): Promise<OpenedDial | null> {
  const [, , pseudonym, dialId] = entry.name.split(':');
  const metadata = entry.metadata as { at: number; s: string };
  return openSealed(kv, keys, { pseudonym: pseudonym ?? '', dialId: dialId ?? '', at: metadata.at }, metadata.s);
}

/** Archive records in the dump (KV keys `audit:`), oldest dial first. */
export function archiveRecords(dump: KvEntry[]): KvEntry[] {
  return dump
    .filter((entry) => entry.name.startsWith('audit:'))
    .sort((a, b) => (a.metadata as { at: number }).at - (b.metadata as { at: number }).at);
}

/** Waits until the archive holds `count` records (dial-time writes finish after the answer, in waitUntil). */
export async function waitForRecords(dump: () => Promise<KvEntry[]>, count: number): Promise<KvEntry[]> {
  for (let waited = 0; ; waited += 50) {
    const records = archiveRecords(await dump());
    if (records.length >= count) return records;
    if (waited > 10_000) throw new Error(`expected ${count} archive records, found ${records.length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
