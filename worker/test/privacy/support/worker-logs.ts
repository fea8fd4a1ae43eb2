/** Captures everything the Worker prints in workerd: Miniflare relays its stdout to console.log and stderr to console.error. */
import type { Harness } from '../../harness';

/** Harness vars that make each `flush` print one known line on each stream (an export against a closed port). */
export const LOG_FLUSH_VARS: Record<string, string> = {
  AE_API_TOKEN: 'log-flush-token',
  AE_SQL_ENDPOINT: 'http://127.0.0.1:9/client/v4/accounts/x/analytics_engine/sql',
  AE_ACCOUNT_ID: '',
};

/** The line the export prints on stdout at the end of every run, and the warning it prints on stderr when the API is down. */
const STDOUT_MARKER = '"event":"audit_export"';
const STDERR_MARKER = '"event":"audit_export_query_failed"';

export interface WorkerLogs {
  /** Every line printed so far (stdout and stderr). */
  lines(): string[];
  /**
   * Runs the scheduled export (with LOG_FLUSH_VARS it prints a marker on both streams) and resolves once both
   * markers arrived: each stream is relayed in order, so everything printed before has arrived too.
   */
  flush(harness: Harness): Promise<string[]>;
  restore(): void;
}

export function captureWorkerLogs(): WorkerLogs {
  const captured: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    }),
  );
  const count = (marker: string): number => captured.filter((line) => line.includes(marker)).length;
  return {
    lines: () => [...captured],
    async flush(harness) {
      const want = Math.max(count(STDOUT_MARKER), count(STDERR_MARKER)) + 1;
      await harness.dispatchScheduled('30 2 * * *');
      for (let waited = 0; count(STDOUT_MARKER) < want || count(STDERR_MARKER) < want; waited += 20) {
        if (waited > 10_000) throw new Error('the Worker log markers did not arrive');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return [...captured];
    },
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
