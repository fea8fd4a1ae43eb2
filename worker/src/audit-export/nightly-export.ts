/**
 * The nightly check of the dial archive: each finished UTC day, compared with what Analytics Engine holds, read whole
 * or reported; days that cannot be read whole are retried every run while Analytics Engine keeps them. The run's
 * I/O (progress in KV, the log); which day next and how a day settles are pure steps (check-steps.ts).
 */
import type { OperationBudget } from '../audit/operation-budget';
import type { UtcDay } from '../audit/utc-day';
import { logFailure, logWarning } from '../log';
import { checkableDays, nextDay, settleDay } from './check-steps';
import { checkDay, type DayEnd } from './day-check';
import type { ExportConfig } from './export-config';
import { ProgressSaver, readProgress } from './progress-storage';

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
  const empty: ExportSummary = { verified: [], open: [], repaired: 0, purgedDeleted: 0, stopped: null, watermark: null };
  if (!budget.take()) return { ...empty, stopped: 'budget' };
  const read = await readProgress(kv);
  if (read.problem !== null) logWarning('audit_export_progress_unreadable', read.problem);
  let progress = read.progress;
  const saver = new ProgressSaver(kv, progress);
  // One operation kept back for the last save, whatever happens.
  const check = budget.child(1);
  const cx = { kv, config, budget: check, purgedAt };
  const days = checkableDays(nowMs);
  const verified: UtcDay[] = [];
  const tried = new Set<UtcDay>();
  let counts = { repaired: 0, purgedDeleted: 0 };
  let stopped: ExportSummary['stopped'] = null;
  try {
    for (;;) {
      const next = nextDay(progress, days, tried);
      for (const open of next.expired) {
        // Analytics Engine no longer holds the whole day: its archived records stand, unconfirmed, and this is final.
        logFailure(
          'audit_export_day_unverified',
          new Error(`${open.day} is past Analytics Engine retention and was never read whole: ${open.slices.join('; ')}`),
        );
      }
      if (next.gap !== null) {
        logWarning(
          'audit_export_gap',
          `days ${next.gap.from} to ${next.gap.to} are past Analytics Engine retention: their archived records stay unchecked`,
        );
      }
      progress = next.progress;
      if (next.check === null) break;
      progress = { ...progress, current: next.check };
      tried.add(next.check.day);
      const before = counts;
      const day = checkDay(cx, next.check);
      let step = await day.next();
      while (!step.done) {
        progress = { ...progress, current: step.value.check };
        counts = { repaired: before.repaired + step.value.repaired, purgedDeleted: before.purgedDeleted + step.value.purgedDeleted };
        // A save the budget cannot pay for waits for the last save.
        if (check.remaining > 0 && (await saver.save(progress))) check.spend(1);
        step = await day.next();
      }
      const end: DayEnd = step.value;
      counts = { repaired: before.repaired + end.repaired, purgedDeleted: before.purgedDeleted + end.purgedDeleted };
      if (end.outcome !== 'done') {
        stopped = end.outcome === 'stopped' ? 'budget' : 'failure';
        break;
      }
      const settled = settleDay(progress, progress.current!);
      if (settled.verified) verified.push(next.check.day);
      else {
        const open = settled.progress.open.find((each) => each.day === next.check!.day)!;
        logFailure(
          'audit_export_day_incomplete',
          new Error(
            `${open.day} could not be read whole from Analytics Engine (${open.slices.join('; ')}); its dials archived at dial time stand; retried next run`,
          ),
        );
      }
      progress = settled.progress;
      if (check.remaining > 0 && (await saver.save(progress))) check.spend(1);
    }
  } catch (error) {
    // KV failing mid-run: the day is resumed from the last saved point next run.
    logFailure('audit_export_write_failed', error);
    stopped = 'failure';
  }
  budget.absorb(check);
  budget.spend(1);
  if (!(await saver.save(progress))) await saver.flush();
  return { verified, open: progress.open.map((open) => open.day), ...counts, stopped, watermark: progress.watermark };
}
