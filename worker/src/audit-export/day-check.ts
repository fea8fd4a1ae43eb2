/**
 * Checks one UTC day of the archive against Analytics Engine: every data point of the day read at full resolution,
 * narrowed (hours, then accounts) until it can be; a dial Analytics Engine holds that the archive lacks is copied in.
 */
import { PSEUDONYM_PATTERN } from '../audit/audit-keyring';
import { dayPrefix, parseRecordName, RecordMetadataSchema, writeRecord } from '../audit/archive-storage';
import { listPages } from '../audit/budgeted-list';
import type { OperationBudget } from '../audit/operation-budget';
import { dayStartMs, type UtcDay } from '../audit/utc-day';
import { logWarning } from '../log';
import { querySql } from './analytics-sql-client';
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
  /** Saves the run's progress (as often as KV allows). */
  save(): Promise<void>;
  totals: { repaired: number; purgedDeleted: number };
}

export type DayOutcome = 'done' | 'stopped' | 'failed';

type SliceOutcome =
  | { kind: 'verified' }
  | { kind: 'narrow'; slices: Slice[] }
  | { kind: 'unverifiable'; reason: string }
  | { kind: 'stopped' }
  | { kind: 'failed' };

/** Rows per SQL page: one page is one subrequest. */
const PAGE_ROWS = 1000;
/** An hour with more accounts than this is not split by account (that many queries would not fit a run). */
const MAX_ACCOUNTS_PER_HOUR = 500;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function newDayCheck(day: UtcDay, retry: boolean): DayCheck {
  const from = dayStartMs(day);
  return { day, retry, queue: [{ from, to: from + DAY_MS }], offset: 0, expected: null, skipped: 0, sampled: null, unverified: [] };
}

/**
 * Works through the day's queue of slices, saving after every page and slice. `done`: every slice was read whole
 * or is listed in `unverified`; `stopped`: out of budget or time; `failed`: the API failed (retried next run).
 */
export async function checkDay(cx: CheckContext, state: DayCheck): Promise<DayOutcome> {
  const archived = await archivedDials(cx, state.day);
  if (archived === null) return 'stopped';
  while (state.queue.length > 0) {
    const slice = state.queue[0]!;
    const outcome = await checkSlice(cx, state, slice, archived);
    if (outcome.kind === 'stopped' || outcome.kind === 'failed') return outcome.kind;
    state.queue.shift();
    state.offset = 0;
    state.expected = null;
    state.skipped = 0;
    state.sampled = null;
    if (outcome.kind === 'narrow') state.queue.unshift(...outcome.slices);
    if (outcome.kind === 'unverifiable') state.unverified.push(`${label(slice)}: ${outcome.reason}`);
    await cx.save();
  }
  return 'done';
}

/** What the archive holds of one day: `<pseudonym>/<dial id>` → the record's account and time. */
type ArchivedDay = Map<string, { pseudonym: string; at: number | null }>;

/** Every record of the day; records of purged accounts found on the way are deleted. */
async function archivedDials(cx: CheckContext, day: UtcDay): Promise<ArchivedDay | null> {
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
      cx.totals.purgedDeleted += purged.length;
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

/**
 * A slice is verified when its count says nothing was sampled (SUM(_sample_interval) = count()), every row read has
 * `_sample_interval` 1, the rows read are exactly that count, and the archive holds no dial of the slice that
 * Analytics Engine does not show. Anything else narrows it; one account's slice that is sampled is still read, to copy
 * what Analytics Engine kept, and then reported.
 */
async function checkSlice(cx: CheckContext, state: DayCheck, slice: Slice, archived: ArchivedDay): Promise<SliceOutcome> {
  const { target, dataset } = cx.config;
  if (state.expected === null) {
    if (!cx.budget.take()) return { kind: 'stopped' };
    const count = await querySql(target, sliceCountSql(dataset, slice), SliceCountSchema);
    if (!count.ok) return failed(slice, count.error);
    const { points, dials } = count.data[0] ?? { points: 0, dials: 0 };
    if (dials !== points) {
      const reason = `${points} data points stand for ${dials} dials (sampled)`;
      if (slice.index === undefined) return narrow(cx, slice, reason);
      state.sampled = reason;
    }
    state.expected = points;
    await cx.save();
  }
  while (state.offset < state.expected) {
    if (!cx.budget.take()) return { kind: 'stopped' };
    const page = await querySql(target, sliceRowsSql(dataset, slice, state.offset, PAGE_ROWS), DialPointSchema);
    if (!page.ok) return failed(slice, page.error);
    let sampled = false;
    let foreign = 0;
    for (const row of page.data) {
      if (row.sampleInterval !== 1) sampled = true;
      // A dial seen at any resolution is a real dial: copied in if the archive lacks it.
      if (row.point === null) foreign++;
      else {
        const copied = await copyIfMissing(cx, row.point, archived);
        if (copied === 'stopped') return { kind: 'stopped' };
        if (copied === 'purged') state.skipped++;
      }
    }
    if (foreign > 0) return { kind: 'unverifiable', reason: `${foreign} data points not in the audit layout` };
    // Pages of one query can come from different resolutions: a sampled page means rows were skipped.
    if (sampled && state.sampled === null) return narrow(cx, slice, 'rows were read at a sampled resolution');
    state.offset += page.data.length;
    if (page.data.length < PAGE_ROWS) break;
    await cx.save();
  }
  if (state.sampled !== null) return { kind: 'unverifiable', reason: state.sampled };
  if (state.offset !== state.expected) return narrow(cx, slice, `read ${state.offset} of ${state.expected} data points`);
  const extra = archivedIn(archived, slice) + state.skipped - state.expected;
  // Analytics Engine lost those data points (it gives no receipt) or answered from a resolution that dropped them.
  if (extra > 0) return narrow(cx, slice, `the archive holds ${extra} dials Analytics Engine does not show`);
  return { kind: 'verified' };
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
  cx.totals.repaired++;
  return 'copied';
}

/**
 * A day splits into hours. An hour splits into one slice per account, if Analytics Engine can name every account in
 * it: at full resolution an account's rows have interval 1 unless its own writes were sampled, while a query answered
 * from a coarser resolution has intervals of 10 or more in every row (sampling docs), so a list without a single 1
 * may be missing accounts. One account's slice cannot be split further.
 */
async function narrow(cx: CheckContext, slice: Slice, reason: string): Promise<SliceOutcome> {
  if (slice.index !== undefined) return { kind: 'unverifiable', reason };
  if (slice.to - slice.from > HOUR_MS) {
    const hours: Slice[] = [];
    for (let from = slice.from; from < slice.to; from += HOUR_MS) hours.push({ from, to: Math.min(from + HOUR_MS, slice.to) });
    return { kind: 'narrow', slices: hours };
  }
  if (!cx.budget.take()) return { kind: 'stopped' };
  const accounts = await querySql(cx.config.target, sliceAccountsSql(cx.config.dataset, slice, MAX_ACCOUNTS_PER_HOUR + 1), SliceAccountSchema);
  if (!accounts.ok) return failed(slice, accounts.error);
  if (accounts.data.length > MAX_ACCOUNTS_PER_HOUR) return { kind: 'unverifiable', reason: `${reason}; more than ${MAX_ACCOUNTS_PER_HOUR} accounts` };
  if (!accounts.data.some((row) => row.finest === 1)) return { kind: 'unverifiable', reason: `${reason}; the list of accounts was sampled too` };
  if (accounts.data.some((row) => !PSEUDONYM_PATTERN.test(row.account))) return { kind: 'unverifiable', reason: 'data points not in the audit layout' };
  return { kind: 'narrow', slices: accounts.data.map((row) => ({ from: slice.from, to: slice.to, index: row.account })) };
}

function failed(slice: Slice, reason: string): SliceOutcome {
  logWarning('audit_export_query_failed', `${label(slice)}: ${reason}`);
  return { kind: 'failed' };
}

/** Times and "one account", never the pseudonym: logs name days and hours, not accounts. */
function label(slice: Slice): string {
  const from = new Date(slice.from).toISOString().slice(0, 16);
  const to = new Date(slice.to).toISOString().slice(11, 16);
  return `${from}–${to === '00:00' ? '24:00' : to} UTC${slice.index === undefined ? '' : ', one account'}`;
}
