/** The nightly check's progress in AUDIT_ARCHIVE (`export:progress`): read at the start of a run, saved as it goes. */
import { z } from 'zod';
import { PSEUDONYM_PATTERN } from '../audit/audit-keyring';
import { isUtcDay } from '../audit/utc-day';

const PROGRESS_KEY = 'export:progress';

const DaySchema = z.string().refine(isUtcDay, 'a UTC day YYYY-MM-DD');
const SliceSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  index: z.string().regex(PSEUDONYM_PATTERN).optional(),
});

/** A day being checked: the slices still to read (narrowed as needed) and where the first one's paging stands. */
const DayCheckSchema = z.strictObject({
  day: DaySchema,
  /** True when this is a later attempt at a day in `open`. */
  retry: z.boolean(),
  queue: z.array(SliceSchema),
  /** Rows of queue[0] read so far, and the count its aggregate promised (null: not asked yet). */
  offset: z.number().int().nonnegative(),
  expected: z.number().int().nonnegative().nullable(),
  /** Rows of queue[0] read so far that belong to purged accounts (never archived again). */
  skipped: z.number().int().nonnegative(),
  /** Why queue[0] cannot be read whole, when it is one account's slice already known to be sampled (read only to copy). */
  sampled: z.string().nullable(),
  /** Slices that could not be read whole, as labels for the log. */
  unverified: z.array(z.string()),
});
export type DayCheck = z.infer<typeof DayCheckSchema>;

const OpenDaySchema = z.strictObject({ day: DaySchema, slices: z.array(z.string()) });

const ProgressSchema = z.strictObject({
  v: z.literal(2),
  /** Every day up to this one was checked at least once (and is either verified or in `open`). */
  watermark: DaySchema.nullable(),
  /** Days that could not be read whole: retried every run while Analytics Engine still holds them. */
  open: z.array(OpenDaySchema),
  current: DayCheckSchema.nullable(),
});
export type ExportProgress = z.infer<typeof ProgressSchema>;

const NO_PROGRESS: ExportProgress = { v: 2, watermark: null, open: [], current: null };

/** An absent or unreadable value reads as no progress (the caller logs the problem): the check starts at yesterday. */
export async function readProgress(kv: KVNamespace): Promise<{ progress: ExportProgress; problem: string | null }> {
  const text = await kv.get(PROGRESS_KEY, 'text');
  if (text === null) return { progress: structuredClone(NO_PROGRESS), problem: null };
  const parsed = ProgressSchema.safeParse(safeJson(text));
  if (parsed.success) return { progress: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  return { progress: structuredClone(NO_PROGRESS), problem: `${PROGRESS_KEY}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}` };
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
