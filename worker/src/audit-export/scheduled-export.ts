/** The cron trigger's entry: finish purges left unfinished, then the nightly check of the dial archive, within one run's limits. */
import { continuePurges } from '../admin/purge-account';
import { OperationBudget } from '../audit/operation-budget';
import { listTombstones } from '../audit/tombstone-storage';
import type { Env } from '../env';
import { logFailure, logInfo, logWarning } from '../log';
import { parseExportConfig, runTimeMs } from './export-config';
import { runAuditExport, type ExportSummary } from './nightly-export';

/**
 * An invocation may make 1,000 KV operations (Workers KV limits) and, on the Workers Paid plan, 1,000 or more
 * subrequests (Workers limits; 50 on the Free plan, which is why the job needs Paid). SQL queries and KV operations
 * share 900 here, the rest is margin.
 */
const RUN_BUDGET = 900;

/** Never rejects: whatever a run leaves undone, the next run continues from the saved progress. */
export async function scheduledAuditExport(controller: ScheduledController, env: Env): Promise<void> {
  const startedAt = Date.now();
  const runTime = runTimeMs(env);
  if (runTime.problem !== null) logWarning('invalid_configuration', runTime.problem);
  const budget = new OperationBudget(RUN_BUDGET, startedAt + runTime.ms);
  const purges = { sessionsDeleted: 0, auditRecordsDeleted: 0 };
  let summary: ExportSummary | null = null;
  try {
    const tombstones = await listTombstones(env.AUDIT_ARCHIVE, budget);
    // Purges first, with at most half the budget: a session left open matters more than a day's check.
    const purgeBudget = budget.child(Math.ceil(budget.remaining / 2));
    // The cron's own time: a purge's second sweep waits until its race window has passed.
    Object.assign(purges, await continuePurges(env, tombstones.pending, purgeBudget, controller.scheduledTime));
    budget.absorb(purgeBudget);

    const config = parseExportConfig(env);
    if (!config.ok) logWarning('audit_export_not_configured', config.error);
    // Without every tombstone the check could copy a purged account's dials back: it waits for the next run.
    else if (tombstones.complete)
      summary = await runAuditExport(env.AUDIT_ARCHIVE, config.data, controller.scheduledTime, budget, tombstones.purgedAt);
  } catch (error) {
    logFailure('audit_export_failed', error);
  }
  logInfo('audit_export', { ...summary, purges, operations: budget.used });
}
