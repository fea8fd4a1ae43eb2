/** The nightly audit export: copies finished UTC days of dial events from Analytics Engine into AUDIT_ARCHIVE. */
import type { Env } from '../env';
import { logFailure, logWarning } from '../log';
import { querySql } from './analytics-sql-client';
import { accountKeyHash, archiveKey, WATERMARK_KEY } from './archive-keys';
import { writeArchiveEntry } from './archive-store';
import { DialEventRowSchema, dialEventPageSql, type DialEventRow } from './dial-event-query';
import { parseExportConfig, type ExportConfig } from './export-config';
import { readProgress, saveProgress, type ExportCursor, type ExportProgress } from './export-progress';
import { OperationBudget } from './operation-budget';
import { listTombstones } from './purge-tombstones';
import { addDays, utcDayOf, type UtcDay } from './utc-day';

/**
 * A Worker invocation may make 1000 subrequests and KV operations together; SQL pages and entry writes share
 * 900 of them, the rest is left for bookkeeping (progress, tombstones). A day that does not fit resumes from
 * its cursor on the next run; with one entry per active account and day, 900 covers ~850 accounts a day.
 */
export const EXPORT_LIMITS = {
  /** Rows per SQL page (LIMIT); one page is one subrequest. */
  pageRows: 1000,
  /** Days per run: a 90-day backlog (all Analytics Engine keeps) is caught up in three nights. */
  maxDaysPerRun: 31,
  operationBudget: 900,
  /** Analytics Engine keeps data points for three months; older days cannot be exported any more. */
  retentionDays: 90,
};
export type ExportLimits = typeof EXPORT_LIMITS;

export type StopReason = 'budget' | 'failure';

export interface ExportSummary {
  /** Days completed in this run, oldest first. */
  days: UtcDay[];
  entriesWritten: number;
  dialsArchived: number;
  /** Accounts whose rows were all dropped because the account was purged. */
  purgedSkipped: number;
  stopped: StopReason | 'not_configured' | null;
  watermark: UtcDay | null;
  cursor: ExportCursor | null;
}

type DayOutcome = { complete: true } | { complete: false; reason: StopReason; resumeOffset: number };

interface Run {
  env: Env;
  config: ExportConfig;
  limits: ExportLimits;
  budget: OperationBudget;
  purgedAt: Map<string, number>;
  written: { accountHash: string; key: string }[];
  summary: ExportSummary;
}

/**
 * Exports every finished day after the watermark (UTC; "today" is the day of `nowMs`), oldest first, up to the
 * limits. Re-running rewrites the same keys with the same content. On any failure the watermark stays, so the
 * next run retries; the cursor keeps the part of a day already written.
 */
export async function runAuditExport(env: Env, nowMs: number, limits: ExportLimits = EXPORT_LIMITS): Promise<ExportSummary> {
  const kv = env.AUDIT_ARCHIVE;
  const configResult = parseExportConfig(env);
  if (!configResult.ok) {
    logWarning('audit_export_not_configured', configResult.problems);
    return { days: [], entriesWritten: 0, dialsArchived: 0, purgedSkipped: 0, stopped: 'not_configured', watermark: null, cursor: null };
  }
  const { progress: before, problems } = await readProgress(kv);
  for (const problem of problems) logWarning('audit_export_progress_unreadable', problem);

  const today = utcDayOf(nowMs);
  const lastDay = addDays(today, -1);
  const earliest = addDays(today, -limits.retentionDays);
  let day = before.watermark !== null ? addDays(before.watermark, 1) : lastDay;
  if (day > today) logWarning('audit_export_watermark_ahead', `${WATERMARK_KEY} is after yesterday: nothing to export`);
  if (day < earliest) {
    logWarning('audit_export_gap', `days ${day} to ${addDays(earliest, -1)} are past Analytics Engine retention`);
    day = earliest;
  }
  // The starting point is saved even if nothing completes, so a failed first run is retried, not skipped.
  const after: ExportProgress = { watermark: addDays(day, -1), cursor: before.cursor?.day === day ? before.cursor : null };

  const run: Run = {
    env,
    config: configResult.config,
    limits,
    budget: new OperationBudget(limits.operationBudget),
    purgedAt: (await listTombstones(kv)).purgedAt,
    written: [],
    summary: { days: [], entriesWritten: 0, dialsArchived: 0, purgedSkipped: 0, stopped: null, watermark: null, cursor: null },
  };

  for (let count = 0; count < limits.maxDaysPerRun && day <= lastDay; count++) {
    const outcome = await exportDay(run, day, after.cursor?.offset ?? 0);
    if (!outcome.complete) {
      after.cursor = outcome.resumeOffset > 0 ? { day, offset: outcome.resumeOffset } : null;
      run.summary.stopped = outcome.reason;
      break;
    }
    run.summary.days.push(day);
    after.watermark = day;
    after.cursor = null;
    day = addDays(day, 1);
  }

  await undoEntriesOfNewlyPurged(run);
  await saveProgress(kv, before, after);
  run.summary.watermark = after.watermark;
  run.summary.cursor = after.cursor;
  console.log(JSON.stringify({ level: 'info', event: 'audit_export', ...run.summary, operations: run.budget.used }));
  return run.summary;
}

/** Pages through one day; writes each account's entry as soon as the next account's rows begin. */
async function exportDay(run: Run, day: UtcDay, startOffset: number): Promise<DayOutcome> {
  const { pageRows } = run.limits;
  const done = new Set<string>();
  let sampled = 0;
  let offset = startOffset;
  let pending: { uid: string; start: number; rows: DialEventRow[] } | null = null;
  const stop = (reason: StopReason): DayOutcome => ({ complete: false, reason, resumeOffset: pending?.start ?? offset });

  try {
    for (;;) {
      if (!run.budget.take()) return stop('budget');
      const page = await querySql(run.config.target, dialEventPageSql(run.config.dataset, day, offset, pageRows), DialEventRowSchema);
      if (!page.ok) {
        logWarning('audit_export_query_failed', `${day} offset ${offset}: ${page.reason}`);
        return stop('failure');
      }
      for (const [index, row] of page.rows.entries()) {
        if (pending !== null && row.uid !== pending.uid) {
          if (!(await writeAccountDay(run, day, pending.uid, pending.rows))) return stop('budget');
          done.add(pending.uid);
          pending = null;
        }
        if (pending === null) {
          // Rows are ordered by account; an account seen again would overwrite its own entry with a part of it.
          if (done.has(row.uid)) {
            logWarning('audit_export_order_broken', `${day}: an account's rows are not contiguous`);
            return stop('failure');
          }
          pending = { uid: row.uid, start: offset + index, rows: [] };
        }
        pending.rows.push(row);
        if (row.sampled) sampled++;
      }
      offset += page.rows.length;
      if (page.rows.length < pageRows) break;
    }
    if (pending !== null && !(await writeAccountDay(run, day, pending.uid, pending.rows))) return stop('budget');
    if (sampled > 0) logWarning('audit_export_sampled', `${day}: ${sampled} rows were sampled by Analytics Engine`);
    return { complete: true };
  } catch (error) {
    // KV failures: the day is retried from the last account written.
    logFailure('audit_export_write_failed', error);
    return stop('failure');
  }
}

/** False when the budget has no operation left for the write. */
async function writeAccountDay(run: Run, day: UtcDay, uid: string, rows: DialEventRow[]): Promise<boolean> {
  const accountHash = await accountKeyHash(uid);
  const purgedAt = run.purgedAt.get(accountHash);
  const dials = rows.filter((row) => purgedAt === undefined || row.atMs > purgedAt).map((row) => row.dial);
  if (dials.length === 0) {
    run.summary.purgedSkipped++;
    return true;
  }
  if (!run.budget.take()) return false;
  await writeArchiveEntry(run.env.AUDIT_ARCHIVE, accountHash, day, dials);
  run.written.push({ accountHash, key: archiveKey(accountHash, day) });
  run.summary.entriesWritten++;
  run.summary.dialsArchived += dials.length;
  return true;
}

/** A purge that landed while this run was writing: remove what the run wrote for that account after all. */
async function undoEntriesOfNewlyPurged(run: Run): Promise<void> {
  if (run.written.length === 0) return;
  const now = await listTombstones(run.env.AUDIT_ARCHIVE);
  const late = run.written.filter(({ accountHash }) => {
    const purgedAt = now.purgedAt.get(accountHash);
    return purgedAt !== undefined && purgedAt !== run.purgedAt.get(accountHash);
  });
  await Promise.all(late.map(({ key }) => run.env.AUDIT_ARCHIVE.delete(key)));
  if (late.length > 0) logWarning('audit_export_purge_race', `removed ${late.length} entries of accounts purged during the run`);
}
