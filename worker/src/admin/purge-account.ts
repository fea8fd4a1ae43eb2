/** Erases one account's audit data and sessions: its audit keys first (crypto-shredding), then sessions and archive in budgeted steps. */
import { accountKeyHash } from '../session/account-hash';
import { deleteAccountKeys } from '../audit/account-key-storage';
import { allPseudonyms } from '../audit/audit-keyring';
import { OperationBudget } from '../audit/operation-budget';
import { readTombstone, tombstoneName, workLeft, writeTombstone, type Tombstone } from '../audit/tombstone-storage';
import type { AuditKeyring } from '../config';
import type { Env } from '../env';
import { advancePurge } from './purge-work';

export interface PurgeOutcome {
  sessionsDeleted: number;
  /** Dial records (one KV key each) deleted from the archive by this call. */
  auditRecordsDeleted: number;
  /** False when the call's KV budget ran out first: the next call (or the nightly cron) continues. */
  complete: boolean;
}

/**
 * KV operations one purge request may make: an invocation may make 1,000 (Workers KV limits); the rest is margin
 * for the Access check's own needs and the tombstone writes.
 */
const PURGE_KV_BUDGET = 950;

/** KV accepts one write a second to a key; the tombstone is written at the start and at the end of a purge. */
const SAME_KEY_WRITE_SPACING_MS = 1_000;

/**
 * Order matters. The account's audit keys go first: from then on every dial record of the account, in Analytics
 * Engine (which cannot delete) or in the archive, is ciphertext nobody can open. The tombstone next, so an export
 * run does not copy the account's data points back. Then sessions and the archive, as far as the budget goes; the
 * tombstone keeps the rest for the next call or the nightly cron.
 */
export async function purgeAccount(env: Env, keyring: AuditKeyring, uid: string, nowMs: number): Promise<PurgeOutcome> {
  const kv = env.AUDIT_ARCHIVE;
  const budget = new OperationBudget(PURGE_KV_BUDGET);
  const pseudonyms = await allPseudonyms(keyring, uid);
  for (const pseudonym of pseudonyms) await deleteAccountKeys(kv, pseudonym, nowMs, budget);

  const name = tombstoneName(pseudonyms[0]);
  budget.take();
  const earlier = await readTombstone(kv, name);
  const tombstone: Tombstone = {
    name,
    purgedAtMs: nowMs,
    // A kid retired since an earlier purge: its pseudonym is still swept.
    pseudonyms: [...new Set([...pseudonyms, ...(earlier?.pseudonyms ?? [])])],
    work: { sessions: await accountKeyHash(uid), sweep: null, sweepStartedAt: null, sweptFrom: null },
  };
  budget.take();
  await writeTombstone(kv, tombstone);
  const writtenAt = Date.now();

  // One operation kept back for the final tombstone write.
  const work = budget.child(1);
  const progress = await advancePurge(env, tombstone, work, nowMs);
  budget.absorb(work);
  const wait = writtenAt + SAME_KEY_WRITE_SPACING_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await writeTombstone(kv, tombstone);
  return {
    sessionsDeleted: progress.sessionsRevoked,
    auditRecordsDeleted: progress.recordsDeleted,
    complete: tombstone.work.sessions === null && tombstone.work.sweep === null && tombstone.work.sweptFrom !== null,
  };
}

/** The part of the nightly cron that finishes purges: for each tombstone with work left, as far as the budget goes. */
export async function continuePurges(
  env: Env,
  pending: string[],
  budget: OperationBudget,
  nowMs: number,
): Promise<{ sessionsDeleted: number; auditRecordsDeleted: number }> {
  const totals = { sessionsDeleted: 0, auditRecordsDeleted: 0 };
  for (const name of pending) {
    if (!budget.take()) break;
    const tombstone = await readTombstone(env.AUDIT_ARCHIVE, name);
    if (tombstone === null) continue;
    // One operation kept back for writing the tombstone.
    const step = budget.child(1);
    const before = JSON.stringify(tombstone.work);
    const progress = await advancePurge(env, tombstone, step, nowMs);
    budget.absorb(step);
    totals.sessionsDeleted += progress.sessionsRevoked;
    totals.auditRecordsDeleted += progress.recordsDeleted;
    if (JSON.stringify(tombstone.work) !== before || !workLeft(tombstone)) {
      // Reserved above, so it is written even when time ran out: the work done is not repeated.
      budget.spend(1);
      await writeTombstone(env.AUDIT_ARCHIVE, tombstone);
    }
  }
  return totals;
}
