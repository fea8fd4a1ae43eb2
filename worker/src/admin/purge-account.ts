/** Deletes everything the Worker keeps about one account: its sessions and its archived dial records. */
import { writeTombstone } from '../audit-export/purge-tombstones';
import { accountKeyHash } from '../audit-export/archive-keys';
import { listArchiveEntries } from '../audit-export/archive-store';
import type { Env } from '../env';
import { deleteSessionsOfAccount } from '../session/session-store';

export interface PurgeCounts {
  sessionsDeleted: number;
  /** Dial records (not KV entries) removed from the archive. */
  auditRecordsDeleted: number;
}

/** Deletes in small batches: a year is at most 366 entries, far below a request's 1000 KV operations. */
const DELETE_BATCH = 50;

/**
 * The tombstone goes first, so a nightly export running at the same moment (or catching up later) does not
 * archive the account's dials again from Analytics Engine, which cannot delete them.
 */
export async function purgeAccount(env: Env, uid: string, nowMs: number): Promise<PurgeCounts> {
  const accountHash = await accountKeyHash(uid);
  await writeTombstone(env.AUDIT_ARCHIVE, accountHash, nowMs);
  const sessionsDeleted = await deleteSessionsOfAccount(env, uid);
  const listing = await listArchiveEntries(env.AUDIT_ARCHIVE, accountHash);
  for (let i = 0; i < listing.keys.length; i += DELETE_BATCH) {
    await Promise.all(listing.keys.slice(i, i + DELETE_BATCH).map((key) => env.AUDIT_ARCHIVE.delete(key)));
  }
  return { sessionsDeleted, auditRecordsDeleted: listing.dials };
}
