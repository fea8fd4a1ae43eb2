/** The work a purge leaves in its tombstone, done in budgeted steps: by the purge request, then by the nightly cron. */
import { deleteAccountKeys } from '../audit/account-key-storage';
import { accountDayPrefix, RecordMetadataSchema, RETENTION_DAYS } from '../audit/archive-storage';
import type { OperationBudget } from '../audit/operation-budget';
import { RACE_WINDOW_MS, type Tombstone } from '../audit/tombstone-storage';
import { addDays, utcDayOf, type UtcDay } from '../audit/utc-day';
import { revokeSessionsOfAccount } from './session-revocation';

export interface PurgeProgress {
  sessionsRevoked: number;
  /** Dial records deleted from the archive. */
  recordsDeleted: number;
}

/** KV lists in flight at once: a sweep lists 366 days per pseudonym, and one by one that is slow. */
const PARALLEL_LISTS = 6;

/**
 * Advances the tombstone's work in place: sessions first (they still work), then the sweep of the archive, whose last
 * step deletes the account's keys once more (one made by a dial racing the purge). Stops when the budget or its time
 * runs out; the caller saves the tombstone.
 */
export async function advancePurge(
  kvs: { SESSIONS: KVNamespace; AUDIT_ARCHIVE: KVNamespace },
  tombstone: Tombstone,
  budget: OperationBudget,
  nowMs: number,
): Promise<PurgeProgress> {
  const { work } = tombstone;
  const progress: PurgeProgress = { sessionsRevoked: 0, recordsDeleted: 0 };
  if (work.sessions !== null) {
    const sessions = await revokeSessionsOfAccount(kvs.SESSIONS, work.sessions, budget);
    progress.sessionsRevoked = sessions.revoked;
    if (!sessions.complete) return progress;
    work.sessions = null;
  }
  const raceOver = nowMs >= tombstone.purgedAtMs + RACE_WINDOW_MS;
  if (work.sweep === null && (work.sweptFrom === null || (work.sweptFrom < tombstone.purgedAtMs + RACE_WINDOW_MS && raceOver))) {
    work.sweep = { account: 0, day: utcDayOf(tombstone.purgedAtMs) };
    work.sweepStartedAt = nowMs;
  }
  progress.recordsDeleted = await sweep(kvs.AUDIT_ARCHIVE, tombstone, budget);
  return progress;
}

/** Deletes the account's records dated at or before the purge, newest day first, as far as the budget goes. */
async function sweep(kv: KVNamespace, tombstone: Tombstone, budget: OperationBudget): Promise<number> {
  const { work } = tombstone;
  const purgeDay = utcDayOf(tombstone.purgedAtMs);
  // Records expire 365 days after 00:00 of their day: none older than this is left to find.
  const oldest = addDays(purgeDay, -RETENTION_DAYS);
  let deleted = 0;
  while (work.sweep !== null) {
    const { account, day } = work.sweep;
    const pseudonym = tombstone.pseudonyms[account];
    if (pseudonym === undefined) {
      // Every day of every pseudonym is swept: the keys once more, then the sweep is complete.
      for (const each of tombstone.pseudonyms) {
        if (!(await deleteAccountKeys(kv, each, tombstone.purgedAtMs, budget))) return deleted;
      }
      work.sweptFrom = work.sweepStartedAt;
      work.sweep = null;
      work.sweepStartedAt = null;
      break;
    }
    const days: UtcDay[] = [];
    for (let next = day; days.length < PARALLEL_LISTS && next >= oldest; next = addDays(next, -1)) days.push(next);
    if (days.length === 0) {
      work.sweep = { account: account + 1, day: purgeDay };
      continue;
    }
    if (!budget.take(days.length)) return deleted;
    const listed = await Promise.all(
      days.map((each) => recordsToDelete(kv, accountDayPrefix(each, pseudonym), tombstone.purgedAtMs, budget)),
    );
    if (listed.some((names) => names === null)) return deleted;
    const doomed = listed.flatMap((names) => names ?? []);
    if (!budget.take(doomed.length)) return deleted;
    await Promise.all(doomed.map((name) => kv.delete(name)));
    deleted += doomed.length;
    work.sweep = { account, day: addDays(days[days.length - 1], -1) };
  }
  return deleted;
}

/**
 * Names of the records under the prefix dated at or before the purge (a dial after it stays). The first list is paid
 * for by the caller; a day with more than 1,000 dials pays for its further pages here. Null: the budget ran out.
 */
async function recordsToDelete(kv: KVNamespace, prefix: string, purgedAtMs: number, budget: OperationBudget): Promise<string[] | null> {
  const names: string[] = [];
  let cursor: string | undefined;
  let first = true;
  do {
    if (!first && !budget.take()) return null;
    first = false;
    const page = await kv.list({ prefix, cursor });
    for (const key of page.keys) {
      const at = RecordMetadataSchema.safeParse(key.metadata).data?.at;
      // A record without readable metadata cannot prove it came after the purge: it goes.
      if (at === undefined || at <= purgedAtMs) names.push(key.name);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return names;
}
