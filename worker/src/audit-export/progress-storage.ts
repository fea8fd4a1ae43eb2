/** The nightly check's progress in AUDIT_ARCHIVE (`export:progress`): read at the start of a run, saved as it goes. */
import { parseJsonWith } from '@voipcom/shared';
import * as z from 'zod/mini';
import { PSEUDONYM_PATTERN } from '../audit/audit-keyring';
import { isUtcDay } from '../audit/utc-day';

const PROGRESS_KEY = 'export:progress';

/** A day being checked: the slices still to read (narrowed as needed) and where the first one's paging stands. */
function dayCheckSchema(day: z.ZodMiniType<string>) {
  const count = z.int().check(z.nonnegative());
  return z.strictObject({
    day,
    /** True when this is a later attempt at a day in `open`. */
    retry: z.boolean(),
    queue: z.array(z.strictObject({ from: z.int(), to: z.int(), index: z.optional(z.string().check(z.regex(PSEUDONYM_PATTERN))) })),
    /** Rows of queue[0] read so far, and the count its aggregate promised (null: not asked yet). */
    offset: count,
    expected: z.nullable(count),
    /** Rows of queue[0] read so far that belong to purged accounts (never archived again). */
    skipped: count,
    /** Why queue[0] cannot be read whole, when it is one account's slice already known to be sampled (read only to copy). */
    sampled: z.nullable(z.string()),
    /** Slices that could not be read whole, as labels for the log. */
    unverified: z.array(z.string()),
  });
}

/** Built on the first nightly run, not at startup (CONVENTIONS.md "Zod"): most isolates never run the cron. */
function buildProgressSchema() {
  const day = z.string().check(z.refine(isUtcDay, 'a UTC day YYYY-MM-DD'));
  return z.strictObject({
    v: z.literal(2),
    /** Every day up to this one was checked at least once (and is either verified or in `open`). */
    watermark: z.nullable(day),
    /** Days that could not be read whole: retried every run while Analytics Engine still holds them. */
    open: z.array(z.strictObject({ day, slices: z.array(z.string()) })),
    current: z.nullable(dayCheckSchema(day)),
  });
}
let progressSchema: ReturnType<typeof buildProgressSchema> | undefined;

export type DayCheck = z.infer<ReturnType<typeof dayCheckSchema>>;
export type ExportProgress = z.infer<ReturnType<typeof buildProgressSchema>>;

const NO_PROGRESS: ExportProgress = { v: 2, watermark: null, open: [], current: null };

/** An absent or unreadable value reads as no progress (the caller logs the problem): the check starts at yesterday. */
export async function readProgress(kv: KVNamespace): Promise<{ progress: ExportProgress; problem: string | null }> {
  const text = await kv.get(PROGRESS_KEY, 'text');
  if (text === null) return { progress: structuredClone(NO_PROGRESS), problem: null };
  progressSchema ??= buildProgressSchema();
  const parsed = parseJsonWith(progressSchema, text);
  if (parsed.ok) return { progress: parsed.data, problem: null };
  return { progress: structuredClone(NO_PROGRESS), problem: `${PROGRESS_KEY}: ${parsed.error}` };
}

/**
 * KV accepts one write a second to a key (Workers KV limits); every write also counts against the run's 1,000 KV
 * operations, so progress is written at most every 5 seconds.
 */
const SAVE_SPACING_MS = 5_000;

/**
 * Saves progress after every page and every day, at most every SAVE_SPACING_MS; `flush` writes the last state when
 * the run stops. If the invocation is killed between two saves, at most those seconds of work are done again (every
 * write of the check is idempotent).
 */
export class ProgressSaver {
  private lastWrite = 0;
  private written: string;
  private pending: string | null = null;

  constructor(
    private readonly kv: KVNamespace,
    initial: ExportProgress,
  ) {
    this.written = JSON.stringify(initial);
  }

  /** True when it wrote (one KV operation). */
  async save(progress: ExportProgress): Promise<boolean> {
    const text = JSON.stringify(progress);
    if (text === this.written) {
      this.pending = null;
      return false;
    }
    if (Date.now() - this.lastWrite < SAVE_SPACING_MS) {
      this.pending = text;
      return false;
    }
    await this.write(text);
    return true;
  }

  /** Writes what `save` held back, waiting out KV's one write a second to a key if it must. */
  async flush(): Promise<boolean> {
    if (this.pending === null) return false;
    const wait = this.lastWrite + 1_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await this.write(this.pending);
    return true;
  }

  private async write(text: string): Promise<void> {
    await this.kv.put(PROGRESS_KEY, text);
    this.lastWrite = Date.now();
    this.written = text;
    this.pending = null;
  }
}
