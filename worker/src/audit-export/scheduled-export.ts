/** The cron trigger's entry into the audit export: "today" is the trigger's scheduled time, failures are logged. */
import type { Env } from '../env';
import { logFailure } from '../log';
import { runAuditExport } from './nightly-export';

/** Never rejects: a failed run leaves the watermark where it was, and the next night retries. */
export async function scheduledAuditExport(controller: ScheduledController, env: Env): Promise<void> {
  try {
    await runAuditExport(env, controller.scheduledTime);
  } catch (error) {
    logFailure('audit_export_failed', error);
  }
}
