/**
 * The nightly check of the dial archive: each finished UTC day, compared with what Analytics Engine holds, read whole
 * or reported; days that cannot be read whole are retried every run while Analytics Engine keeps them.
 */
import type { OperationBudget } from '../audit/operation-budget';
import { addDays, dayStartMs, utcDayOf, type UtcDay } from '../audit/utc-day';
import { logFailure, logWarning } from '../log';
import { checkDay, newDayCheck, type CheckContext } from './day-check';
import type { ExportConfig } from './export-config';
import { ProgressSaver, readProgress, type ExportProgress } from './progress-storage';

/**
 * Analytics Engine keeps data points "for three months": at least 89 days (three months ending 1 March or 31 May,
 * counted back). A day whose first hour may already be gone cannot be read whole, so it is never checked.
 */
const AE_RETENTION_MS = 89 * 86_400_000;
/** A day is checked once this long after it ended: its last data points are written (worker/src/audit/dial-audit.ts). */
const SETTLE_MS = 15 * 60_000;

export interface ExportSummary {
  /** Days checked whole in this run (new or retried), oldest first. */
  verified: UtcDay[];
  /** Days still open after this run. */
  open: UtcDay[];
  /** Dials copied from Analytics Engine into the archive (their dial-time write had failed). */
  repaired: number;
  /** Records of purged accounts deleted on sight. */
  purgedDeleted: number;
  stopped: 'budget' | 'failure' | null;
  watermark: UtcDay | null;
}

/** The oldest day all of whose data points Analytics Engine still holds. */
function oldestWholeDay(nowMs: number): UtcDay {
  const day = utcDayOf(nowMs - AE_RETENTION_MS);
  return dayStartMs(day) >= nowMs - AE_RETENTION_MS ? day : addDays(day, 1);
}

/**
 * One run: first the day left half done, then open days (once each), then new days up to the last finished one.
 * `nowMs` is the cron's scheduled time; `purgedAt` comes from the tombstones listed at the start of the run.
 */
export async function runAuditExport(
  kv: KVNamespace,
  config: ExportConfig,
  nowMs: number,
  budget: OperationBudget,
  purgedAt: ReadonlyMap<string, number>,
): Promise<ExportSummary> {
  const summary: ExportSummary = { verified: [], open: [], repaired: 0, purgedDeleted: 0, stopped: null, watermark: null };
  if (!budget.take()) return { ...summary, stopped: 'budget' };
  const { progress, problem } = await readProgress(kv);
  if (problem !== null) logWarning('audit_export_progress_unreadable', problem);
  const saver = new ProgressSaver(kv, progress);
  // One operation kept back for the last save, whatever happens.
  const check = budget.child(1);
  const save = async (): Promise<void> => {
    // A save the budget cannot pay for waits for that last save.
    if (check.remaining > 0 && (await saver.save(progress))) check.spend(1);
  };
  const cx: CheckContext = { kv, config, budget: check, purgedAt, save, totals: summary };

  const oldest = oldestWholeDay(nowMs);
  const lastDay = utcDayOf(nowMs - SETTLE_MS - 86_400_000);
  const retried = new Set<UtcDay>();
  try {
    for (;;) {
      const state = progress.current ?? nextDay(progress, oldest, lastDay, retried);
      if (state === null) break;
      progress.current = state;
      retried.add(state.day);
      const outcome = await checkDay(cx, state);
      if (outcome !== 'done') {
        summary.stopped = outcome === 'stopped' ? 'budget' : 'failure';
        break;
      }
      settle(progress, state.day, state.retry, state.unverified, summary);
      progress.current = null;
      await save();
    }
  } catch (error) {
    // KV failing mid-run: the day is resumed from the last saved point next run.
    logFailure('audit_export_write_failed', error);
    summary.stopped = 'failure';
  }
  budget.absorb(check);
  budget.spend(1);
  if (!(await saver.save(progress))) await saver.flush();
  summary.open = progress.open.map((open) => open.day);
  summary.watermark = progress.watermark;
  return summary;
}

/** The next day to check: an open day not yet tried in this run (or given up), else the day after the watermark. */
function nextDay(progress: ExportProgress, oldest: UtcDay, lastDay: UtcDay, retried: Set<UtcDay>): ReturnType<typeof newDayCheck> | null {
  for (const open of [...progress.open]) {
    if (retried.has(open.day)) continue;
    if (open.day < oldest) {
      // Analytics Engine no longer holds the whole day: its archived records stand, unconfirmed, and this is final.
      logFailure('audit_export_day_unverified', new Error(`${open.day} is past Analytics Engine retention and was never read whole: ${open.slices.join('; ')}`));
      progress.open = progress.open.filter((each) => each.day !== open.day);
      continue;
    }
    return newDayCheck(open.day, true);
  }
  let day = progress.watermark === null ? lastDay : addDays(progress.watermark, 1);
  if (day > lastDay) return null;
  if (day < oldest) {
    logWarning('audit_export_gap', `days ${day} to ${addDays(oldest, -1)} are past Analytics Engine retention: their archived records stay unchecked`);
    day = oldest;
    progress.watermark = addDays(oldest, -1);
  }
  return newDayCheck(day, false);
}

/** Records a checked day: verified days leave `open`; a day read only in part enters it, with an error that names it. */
function settle(progress: ExportProgress, day: UtcDay, retry: boolean, unverified: string[], summary: ExportSummary): void {
  if (!retry) progress.watermark = day;
  progress.open = progress.open.filter((open) => open.day !== day);
  if (unverified.length === 0) {
    summary.verified.push(day);
    return;
  }
  progress.open.push({ day, slices: unverified });
  progress.open.sort((a, b) => a.day.localeCompare(b.day));
  logFailure(
    'audit_export_day_incomplete',
    new Error(`${day} could not be read whole from Analytics Engine (${unverified.join('; ')}); its dials archived at dial time stand; retried next run`),
  );
}
