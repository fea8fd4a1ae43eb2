/**
 * The nightly check's decisions as pure functions over plain values: which day and slice next, whether a slice or a
 * day is settled, and the state to save. Nothing here reads or writes; day-check.ts and nightly-export.ts do the I/O.
 */
import { addDays, dayStartMs, utcDayOf, type UtcDay } from '../audit/utc-day';
import type { Slice } from './dial-event-query';
import type { DayCheck, ExportProgress } from './progress-storage';

/** Rows per SQL page: one page is one subrequest. */
export const PAGE_ROWS = 1000;
/** An hour with more accounts than this is not split by account (that many queries would not fit a run). */
export const MAX_ACCOUNTS_PER_HOUR = 500;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Analytics Engine keeps data points "for three months": at least 89 days (three months ending 1 March or 31 May,
 * counted back). A day whose first hour may already be gone cannot be read whole, so it is never checked.
 */
const AE_RETENTION_MS = 89 * DAY_MS;
/** A day is checked once this long after it ended: its last data points are written (worker/src/audit/dial-audit.ts). */
const SETTLE_MS = 15 * 60_000;

/** What became of a slice read to its end, or that could not be: the day's queue moves on with it. */
export type SliceVerdict = { kind: 'verified' } | { kind: 'narrow'; slices: Slice[] } | { kind: 'unverifiable'; reason: string };

/** A slice that must be narrowed (the reason goes into the log if it cannot be), or its verdict. */
export type SliceStep = { kind: 'narrow'; reason: string } | { kind: 'unverifiable'; reason: string };

export function newDayCheck(day: UtcDay, retry: boolean): DayCheck {
  const from = dayStartMs(day);
  return { day, retry, queue: [{ from, to: from + DAY_MS }], offset: 0, expected: null, skipped: 0, sampled: null, unverified: [] };
}

/**
 * The slice's count: equal points and dials say nothing was sampled (SUM(_sample_interval) = count()). A sampled
 * slice of the whole account set is narrowed; one account's sampled slice is still read, to copy what Analytics
 * Engine kept, and then reported.
 */
export function afterCount(check: DayCheck, count: { points: number; dials: number }): { kind: 'read'; check: DayCheck } | SliceStep {
  const slice = check.queue[0];
  let sampled: string | null = null;
  if (count.dials !== count.points) {
    sampled = `${count.points} data points stand for ${count.dials} dials (sampled)`;
    if (slice.index === undefined) return { kind: 'narrow', reason: sampled };
  }
  return { kind: 'read', check: { ...check, expected: count.points, sampled } };
}

/** One page of a slice's rows, as the I/O saw it: rows read, any at a sampled resolution, rows in another layout, rows of purged accounts. */
export interface PageSeen {
  rows: number;
  sampled: boolean;
  foreign: number;
  purged: number;
}

/**
 * After a page: `more` pages to read, or the slice `read` to its end (see `sliceVerdict`), each with the state to
 * save; a page with rows in another layout or read at a sampled resolution ends the slice. Pages of one query can
 * come from different resolutions: a sampled page means rows were skipped.
 */
export function afterPage(
  check: DayCheck,
  page: PageSeen,
): { kind: 'more'; check: DayCheck } | { kind: 'read'; check: DayCheck } | SliceStep {
  if (page.foreign > 0) return { kind: 'unverifiable', reason: `${page.foreign} data points not in the audit layout` };
  if (page.sampled && check.sampled === null) return { kind: 'narrow', reason: 'rows were read at a sampled resolution' };
  const next = { ...check, offset: check.offset + page.rows, skipped: check.skipped + page.purged };
  const ended = page.rows < PAGE_ROWS || next.offset >= (next.expected ?? 0);
  return ended ? { kind: 'read', check: next } : { kind: 'more', check: next };
}

/**
 * A slice read to its end is verified when the rows read are exactly its count, none was sampled, and the archive
 * holds no dial of the slice (`archived`, purged ones counted as `skipped`) that Analytics Engine does not show.
 */
export function sliceVerdict(check: DayCheck, archived: number): { kind: 'verified' } | SliceStep {
  if (check.sampled !== null) return { kind: 'unverifiable', reason: check.sampled };
  if (check.offset !== check.expected) return { kind: 'narrow', reason: `read ${check.offset} of ${check.expected} data points` };
  const extra = archived + check.skipped - check.expected;
  // Analytics Engine lost those data points (it gives no receipt) or answered from a resolution that dropped them.
  if (extra > 0) return { kind: 'narrow', reason: `the archive holds ${extra} dials Analytics Engine does not show` };
  return { kind: 'verified' };
}

/**
 * A day splits into hours; one account's slice cannot be split further. `null`: an hour, which splits by account
 * (`narrowByAccounts`, once Analytics Engine has named them).
 */
export function narrowByTime(slice: Slice, reason: string): SliceVerdict | null {
  if (slice.index !== undefined) return { kind: 'unverifiable', reason };
  if (slice.to - slice.from <= HOUR_MS) return null;
  const hours: Slice[] = [];
  for (let from = slice.from; from < slice.to; from += HOUR_MS) hours.push({ from, to: Math.min(from + HOUR_MS, slice.to) });
  return { kind: 'narrow', slices: hours };
}

/**
 * An hour splits into one slice per account, if Analytics Engine named every account in it: at full resolution an
 * account's rows have interval 1 unless its own writes were sampled, while a query answered from a coarser
 * resolution has intervals of 10 or more in every row (sampling docs), so a list without a single 1 may be missing
 * accounts. `accounts` were asked with a limit of MAX_ACCOUNTS_PER_HOUR + 1; `valid` tells a pseudonym.
 */
export function narrowByAccounts(
  slice: Slice,
  reason: string,
  accounts: { account: string; finest: number }[],
  valid: (account: string) => boolean,
): SliceVerdict {
  if (accounts.length > MAX_ACCOUNTS_PER_HOUR)
    return { kind: 'unverifiable', reason: `${reason}; more than ${MAX_ACCOUNTS_PER_HOUR} accounts` };
  if (!accounts.some((row) => row.finest === 1)) return { kind: 'unverifiable', reason: `${reason}; the list of accounts was sampled too` };
  if (!accounts.every((row) => valid(row.account))) return { kind: 'unverifiable', reason: 'data points not in the audit layout' };
  return { kind: 'narrow', slices: accounts.map((row) => ({ from: slice.from, to: slice.to, index: row.account })) };
}

/** The day once its first slice has a verdict: the queue moves on (narrowed slices first), the paging starts over. */
export function nextSlice(check: DayCheck, verdict: SliceVerdict): DayCheck {
  const [slice, ...rest] = check.queue;
  return {
    ...check,
    queue: verdict.kind === 'narrow' ? [...verdict.slices, ...rest] : rest,
    offset: 0,
    expected: null,
    skipped: 0,
    sampled: null,
    unverified:
      verdict.kind === 'unverifiable' && slice !== undefined
        ? [...check.unverified, `${sliceLabel(slice)}: ${verdict.reason}`]
        : check.unverified,
  };
}

/** Times and "one account", never the pseudonym: logs name days and hours, not accounts. */
export function sliceLabel(slice: Slice): string {
  const from = new Date(slice.from).toISOString().slice(0, 16);
  const to = new Date(slice.to).toISOString().slice(11, 16);
  return `${from}–${to === '00:00' ? '24:00' : to} UTC${slice.index === undefined ? '' : ', one account'}`;
}

/** The days a run at `nowMs` (the cron's time) may check: from the oldest Analytics Engine holds whole to the last settled one. */
export function checkableDays(nowMs: number): { oldest: UtcDay; last: UtcDay } {
  const edge = utcDayOf(nowMs - AE_RETENTION_MS);
  const oldest = dayStartMs(edge) >= nowMs - AE_RETENTION_MS ? edge : addDays(edge, 1);
  return { oldest, last: utcDayOf(nowMs - SETTLE_MS - DAY_MS) };
}

/** What `nextDay` found: the day to check (null: none left), the progress to go on with, and what it gave up (for the log). */
export interface NextDay {
  check: DayCheck | null;
  progress: ExportProgress;
  /** Open days past retention, dropped from `open`: they were never read whole and now never will be. */
  expired: ExportProgress['open'];
  /** Days after the watermark already past retention, skipped unchecked (first and last). */
  gap: { from: UtcDay; to: UtcDay } | null;
}

/** The next day to check: the one left half done, an open day not yet tried in this run, else the day after the watermark. */
export function nextDay(progress: ExportProgress, days: { oldest: UtcDay; last: UtcDay }, tried: ReadonlySet<UtcDay>): NextDay {
  if (progress.current !== null) return { check: progress.current, progress, expired: [], gap: null };
  const expired = progress.open.filter((open) => open.day < days.oldest);
  const kept = progress.open.filter((open) => open.day >= days.oldest);
  const open = kept.find((each) => !tried.has(each.day));
  const base = { ...progress, open: kept };
  if (open !== undefined) return { check: newDayCheck(open.day, true), progress: base, expired, gap: null };
  const day = progress.watermark === null ? days.last : addDays(progress.watermark, 1);
  if (day > days.last) return { check: null, progress: base, expired, gap: null };
  if (day >= days.oldest) return { check: newDayCheck(day, false), progress: base, expired, gap: null };
  const gap = { from: day, to: addDays(days.oldest, -1) };
  return { check: newDayCheck(days.oldest, false), progress: { ...base, watermark: gap.to }, expired, gap };
}

/** Records a checked day: verified days leave `open`; a day read only in part enters it with its slices' labels. */
export function settleDay(progress: ExportProgress, check: DayCheck): { progress: ExportProgress; verified: boolean } {
  const open = progress.open.filter((each) => each.day !== check.day);
  const verified = check.unverified.length === 0;
  if (!verified) {
    open.push({ day: check.day, slices: check.unverified });
    open.sort((a, b) => a.day.localeCompare(b.day));
  }
  return { progress: { ...progress, watermark: check.retry ? progress.watermark : check.day, open, current: null }, verified };
}
