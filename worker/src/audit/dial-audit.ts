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
  /** Empty when placed. */
  errorMessage: string;
  /** Epoch milliseconds the request arrived. */
  requestedAt: number;
}

/**
 * Audits one dial; never throws. The data point is written before the answer (one KV read for the account's key,
 * cached at the edge), so the dials of a session reach Analytics Engine in order; the archive record is written
 * after the answer (`waitUntil`). A failure is logged and never fails the call. Layout in worker/STORAGE.md.
 */
export async function recordDial(rc: { env: Env; config: { auditKeys: AuditKeyring }; ctx: ExecutionContext }, event: DialEvent): Promise<void> {
  const { env } = rc;
  let identity: DialIdentity;
  let sealed: string;
  try {
    identity = { pseudonym: await accountPseudonym(rc.config.auditKeys, event.uid), dialId: newDialId(), atMs: event.requestedAt };
    const { keyId, key } = await accountKeyForDial(env.AUDIT_ARCHIVE, rc.config.auditKeys, identity.pseudonym, Date.now());
    sealed = await sealDial(key, keyId, identity, { destination: event.destination, placed: event.placed, error: event.errorMessage });
  } catch (error) {
    // Neither copy can be written: the log line is the report that this dial is missing from the trail.
    logFailure('dial_audit_failed', error);
    return;
  }
  try {
    env.DIAL_EVENTS.writeDataPoint({ indexes: [identity.pseudonym], blobs: [identity.dialId, sealed], doubles: [identity.atMs] });
  } catch (error) {
    logFailure('dial_audit_write_failed', error);
  }
  rc.ctx.waitUntil(archive(env.AUDIT_ARCHIVE, identity, sealed));
}

/**
 * The KV record is the 12-month audit record, written at dial time: Analytics Engine gives no receipt for a data point
 * and may sample, so it alone cannot prove a dial was kept. The data point (index = pseudonym, blob1 = dial id,
 * blob2 = sealed content, double1 = time) is the independent witness the nightly check compares the archive with.
 */
async function archive(kv: KVNamespace, identity: DialIdentity, sealed: string): Promise<void> {
  try {
    await writeRecord(kv, identity, sealed);
  } catch (error) {
    // The nightly check copies the dial from its data point, if Analytics Engine kept it.
    logFailure('dial_audit_archive_failed', error);
  }
}
