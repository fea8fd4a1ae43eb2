/** The only writer of dial audit records: per dial request, a sealed record in KV AUDIT_ARCHIVE and its twin data point in Analytics Engine. */
import type { AuditKeyring } from '../config';
import type { Env } from '../env';
import { logFailure } from '../log';
import { accountKeyForDial } from './account-key-storage';
import { accountPseudonym } from './audit-keyring';
import { writeRecord } from './archive-storage';
import { newDialId, sealDial, type DialIdentity } from './dial-seal';

export interface DialEvent {
  /** NetSapiens uid (user@domain) of the caller; only its keyed pseudonym is stored. */
  uid: string;
  /** The requested number when it was E.164, else '' (the trail never keeps free text a request sent). */
  destination: string;
  placed: boolean;
  /** The failure's audit code (http/failure.ts), e.g. `limited:dial_session`; empty when placed. Never English text. */
  errorCode: string;
  /** Epoch milliseconds the request arrived. */
  requestedAt: number;
}

/** What sealing a dial needs, read before the PBX is asked to call: the account's pseudonym and audit key. */
export interface PreparedAudit {
  pseudonym: string;
  keyId: string;
  key: CryptoKey;
}

/**
 * Reads (or makes) the account's audit key. POST /v1/calls calls it before the PBX places the call, so a dial
 * whose audit record cannot be sealed (AUDIT_ARCHIVE unreachable) is refused with 503 and never placed.
 */
export async function prepareDialAudit(rc: { env: Env; config: { auditKeys: AuditKeyring } }, uid: string): Promise<PreparedAudit> {
  const pseudonym = await accountPseudonym(rc.config.auditKeys, uid);
  const { keyId, key } = await accountKeyForDial(rc.env.AUDIT_ARCHIVE, rc.config.auditKeys, pseudonym, Date.now());
  return { pseudonym, keyId, key };
}

/**
 * Audits one dial; never throws. The data point is written before the answer, so the dials of a session reach
 * Analytics Engine in order; the archive record is written after the answer (`waitUntil`), tried twice. A failure
 * is logged and never fails the call: a failed data point leaves the archive record, a failed archive write leaves
 * the data point for the nightly check to copy back (worker/README.md, Audit trail). `prepared` is the key read
 * before the call; refused requests read it here. Layout in worker/STORAGE.md.
 */
export async function recordDial(
  rc: { env: Env; config: { auditKeys: AuditKeyring }; ctx: ExecutionContext },
  event: DialEvent,
  prepared?: PreparedAudit,
): Promise<void> {
  const { env } = rc;
  let identity: DialIdentity;
  let sealed: string;
  try {
    const { pseudonym, keyId, key } = prepared ?? (await prepareDialAudit(rc, event.uid));
    identity = { pseudonym, dialId: newDialId(), atMs: event.requestedAt };
    sealed = await sealDial(key, keyId, identity, { destination: event.destination, placed: event.placed, error: event.errorCode });
  } catch (error) {
    // Neither copy can be written: the log line is the report that this (refused) request is missing from the trail.
    logFailure('dial_audit_failed', error);
    return;
  }
  try {
    env.DIAL_EVENTS.writeDataPoint({ indexes: [identity.pseudonym], blobs: [identity.dialId, sealed], doubles: [identity.atMs] });
  } catch (error) {
    // The archive record below is then the dial's only copy; the nightly check reports the day open (no twin).
    logFailure('dial_audit_write_failed', error);
  }
  rc.ctx.waitUntil(archive(env.AUDIT_ARCHIVE, identity, sealed));
}

/** A second try after this long: KV answers 429 to writes to one key faster than once a second, and brief outages pass. */
const ARCHIVE_RETRY_MS = 1_100;

/**
 * The KV record is the 12-month audit record, written at dial time: Analytics Engine gives no receipt for a data point
 * and may sample, so it alone cannot prove a dial was kept. The data point (index = pseudonym, blob1 = dial id,
 * blob2 = sealed content, double1 = time) is the independent witness the nightly check compares the archive with.
 */
async function archive(kv: KVNamespace, identity: DialIdentity, sealed: string): Promise<void> {
  try {
    await writeRecord(kv, identity, sealed);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, ARCHIVE_RETRY_MS));
    try {
      await writeRecord(kv, identity, sealed);
    } catch (error) {
      // The nightly check copies the dial from its data point, if Analytics Engine kept it.
      logFailure('dial_audit_archive_failed', error);
    }
  }
}
