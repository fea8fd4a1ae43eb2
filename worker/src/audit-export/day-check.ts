/**
 * Checks one UTC day of the archive against Analytics Engine: every data point of the day read at full resolution,
 * narrowed (hours, then accounts) until it can be; a dial Analytics Engine holds that the archive lacks is copied in.
 * The I/O of the check; its decisions are the pure steps of check-steps.ts.
 */
import { PSEUDONYM_PATTERN } from '../audit/audit-keyring';
import { dayPrefix, parseRecordName, RecordMetadataSchema, writeRecord } from '../audit/archive-storage';
import { listPages } from '../audit/budgeted-list';
import type { OperationBudget } from '../audit/operation-budget';
import type { UtcDay } from '../audit/utc-day';
import { logWarning } from '../log';
import { querySql } from './analytics-sql-client';
import {
  afterCount,
  afterPage,
  MAX_ACCOUNTS_PER_HOUR,
  narrowByAccounts,
  narrowByTime,
  nextSlice,
  PAGE_ROWS,
  sliceLabel,
  sliceVerdict,
  type SliceStep,
  type SliceVerdict,
} from './check-steps';
import {
  DialPointSchema,
  SliceAccountSchema,
  SliceCountSchema,
  sliceAccountsSql,
  sliceCountSql,
  sliceRowsSql,
  type Slice,
} from './dial-event-query';
import type { ExportConfig } from './export-config';
import type { DayCheck } from './progress-storage';

export interface CheckContext {
  kv: KVNamespace;
  config: ExportConfig;
  budget: OperationBudget;
  /** Pseudonym → purge time (ms): such dials are never copied back, and archived ones are deleted on sight. */
  purgedAt: ReadonlyMap<string, number>;
}

/** The day's state to save, with what the check did to the archive so far. */
export interface DayProgress {
  check: DayCheck;
  /** Dials copied from Analytics Engine into the archive (their dial-time write had failed). */
  repaired: number;
  /** Records of purged accounts deleted on sight. */
  purgedDeleted: number;
}

/**
 * `done`: every slice was read whole or is listed in `unverified`; `stopped`: out of budget or time; `failed`: the
 * API failed (retried next run).
 */
export type DayOutcome = 'done' | 'stopped' | 'failed';

export type DayEnd = { outcome: DayOutcome } & Omit<DayProgress, 'check'>;

/** What the archive holds of one day: `<pseudonym>/<dial id>` → the record's account and time. */
type ArchivedDay = Map<string, { pseudonym: string; at: number | null }>;

/**
 * Works through the day's queue of slices, yielding the state to save after every page and slice (the caller saves);
 * returns how the day ended, with the same counts.
 */
export async function* checkDay(cx: CheckContext, start: DayCheck): AsyncGenerator<DayProgress, DayEnd> {
  const done = { repaired: 0, purgedDeleted: 0 };
  const end = (outcome: DayOutcome): DayEnd => ({ outcome, ...done });
  const archived = await archivedDials(cx, start.day, done);
  if (archived === null) return end('stopped');
  let check = start;
  while (check.queue.length > 0) {
    const slice = check.queue[0];
    let step: SliceStep | { kind: 'verified' } | null = null;
    if (check.expected === null) {
      if (!cx.budget.take()) return end('stopped');
      const count = await querySql(cx.config.target, sliceCountSql(cx.config.dataset, slice), SliceCountSchema);
      if (!count.ok) return end(failed(slice, count.error));
      const counted = afterCount(check, count.data[0] ?? { points: 0, dials: 0 });
      if (counted.kind === 'read') {
        check = counted.check;
        yield { check, ...done };
      } else step = counted;
    }
    while (step === null && check.offset < (check.expected ?? 0)) {
      if (!cx.budget.take()) return end('stopped');
      const page = await querySql(cx.config.target, sliceRowsSql(cx.config.dataset, slice, check.offset, PAGE_ROWS), DialPointSchema);
      if (!page.ok) return end(failed(slice, page.error));
      const seen = { rows: page.data.length, sampled: false, foreign: 0, purged: 0 };
      for (const row of page.data) {
        if (row.sampleInterval !== 1) seen.sampled = true;
        // A dial seen at any resolution is a real dial: copied in if the archive lacks it.
        if (row.point === null) seen.foreign++;
        else {
          const copied = await copyIfMissing(cx, row.point, archived);
          if (copied === 'stopped') return end('stopped');
          if (copied === 'purged') seen.purged++;
          if (copied === 'copied') done.repaired++;
        }
      }
      const paged = afterPage(check, seen);
      if (paged.kind === 'more' || paged.kind === 'read') {
        check = paged.check;
        if (paged.kind === 'read') break;
        yield { check, ...done };
      } else step = paged;
    }
    step ??= sliceVerdict(check, archivedIn(archived, slice));
    const verdict = step.kind === 'narrow' ? await narrow(cx, slice, step.reason) : step;
    if (verdict === 'stopped' || verdict === 'failed') return end(verdict);
    check = nextSlice(check, verdict);
    yield { check, ...done };
  }
  return end('done');
}

/** Every record of the day; records of purged accounts found on the way are deleted (counted in `done`). */
async function archivedDials(cx: CheckContext, day: UtcDay, done: { purgedDeleted: number }): Promise<ArchivedDay | null> {
  const dials: ArchivedDay = new Map();
  const complete = await listPages(cx.kv, dayPrefix(day), cx.budget, async (keys) => {
    const purged: string[] = [];
    for (const key of keys) {
      const name = parseRecordName(key.name);
      if (name === null) continue;
      const purgedAt = cx.purgedAt.get(name.pseudonym);
      const at = RecordMetadataSchema.safeParse(key.metadata).data?.at ?? null;
      if (purgedAt !== undefined && (at === null || at <= purgedAt)) purged.push(key.name);
      else dials.set(`${name.pseudonym}/${name.dialId}`, { pseudonym: name.pseudonym, at });
    }
    // The purge's own sweep deletes them too; here they cost no list, only the deletes, when the budget allows.
    if (purged.length > 0 && cx.budget.take(purged.length)) {
      await Promise.all(purged.map((name) => cx.kv.delete(name)));
      done.purgedDeleted += purged.length;
    }
  });
  return complete ? dials : null;
}

/** Archived dials inside the slice. */
function archivedIn(archived: ArchivedDay, slice: Slice): number {
  let count = 0;
  for (const { pseudonym, at } of archived.values()) {
    if (at !== null && at >= slice.from && at < slice.to && (slice.index === undefined || slice.index === pseudonym)) count++;
  }
  return count;
}

/** `stopped` when the budget has no operation left for the write; `purged` for a dial of a purged account. */
async function copyIfMissing(
  cx: CheckContext,
  point: { pseudonym: string; dialId: string; atMs: number; sealed: string },
  archived: ArchivedDay,
): Promise<'present' | 'copied' | 'purged' | 'stopped'> {
  const id = `${point.pseudonym}/${point.dialId}`;
  const purgedAt = cx.purgedAt.get(point.pseudonym);
  if (purgedAt !== undefined && point.atMs <= purgedAt) return 'purged';
  if (archived.has(id)) return 'present';
  if (!cx.budget.take()) return 'stopped';
  // The data point holds the same sealed text as the record the dial failed to write: no key is needed to copy it.
  await writeRecord(cx.kv, point, point.sealed);
  archived.set(id, { pseudonym: point.pseudonym, at: point.atMs });
  return 'copied';
}

/** Narrows a slice by time, or (an hour) by the accounts Analytics Engine names in it. */
async function narrow(cx: CheckContext, slice: Slice, reason: string): Promise<SliceVerdict | 'stopped' | 'failed'> {
  const byTime = narrowByTime(slice, reason);
  if (byTime !== null) return byTime;
  if (!cx.budget.take()) return 'stopped';
  const accounts = await querySql(
    cx.config.target,
    sliceAccountsSql(cx.config.dataset, slice, MAX_ACCOUNTS_PER_HOUR + 1),
    SliceAccountSchema,
  );
  if (!accounts.ok) return failed(slice, accounts.error);
  return narrowByAccounts(slice, reason, accounts.data, (account) => PSEUDONYM_PATTERN.test(account));
}

function failed(slice: Slice, reason: string): 'failed' {
  logWarning('audit_export_query_failed', `${sliceLabel(slice)}: ${reason}`);
  return 'failed';
}
