/** The export's progress in AUDIT_ARCHIVE: the watermark (last complete day) and a cursor into a half-done day. */
import { z } from 'zod';
import { CURSOR_KEY, WATERMARK_KEY } from './archive-keys';
import { isUtcDay, type UtcDay } from './utc-day';

const DaySchema = z.string().refine(isUtcDay, 'a UTC day YYYY-MM-DD');
const CursorSchema = z.strictObject({ day: DaySchema, offset: z.number().int().nonnegative() });

export type ExportCursor = z.infer<typeof CursorSchema>;

export interface ExportProgress {
  /** Last UTC day fully archived; null before the first run. */
  watermark: UtcDay | null;
  /** Resume point inside the day after the watermark; null when no day is half done. */
  cursor: ExportCursor | null;
}

/** A corrupt value reads as absent (and is logged by the caller): the export then starts from yesterday. */
export async function readProgress(kv: KVNamespace): Promise<{ progress: ExportProgress; problems: string[] }> {
  const [watermarkText, cursorText] = await Promise.all([kv.get(WATERMARK_KEY), kv.get(CURSOR_KEY)]);
  const problems: string[] = [];
  const watermark = watermarkText === null ? null : DaySchema.safeParse(watermarkText.trim());
  if (watermark && !watermark.success) problems.push(`${WATERMARK_KEY} is not a UTC day`);
  let cursor: ExportCursor | null = null;
  if (cursorText !== null) {
    const parsed = CursorSchema.safeParse(safeJson(cursorText));
    if (parsed.success) cursor = parsed.data;
    else problems.push(`${CURSOR_KEY} is not {day, offset}`);
  }
  return { progress: { watermark: watermark?.success ? watermark.data : null, cursor }, problems };
}

/**
 * Written once at the end of a run (KV allows one write a second to a key, and a catch-up completes many days
 * within a second). `before` avoids writes when nothing moved.
 */
export async function saveProgress(kv: KVNamespace, before: ExportProgress, after: ExportProgress): Promise<void> {
  const writes: Promise<void>[] = [];
  if (after.watermark !== null && after.watermark !== before.watermark) writes.push(kv.put(WATERMARK_KEY, after.watermark));
  if (after.cursor === null && before.cursor !== null) writes.push(kv.delete(CURSOR_KEY));
  if (after.cursor !== null && JSON.stringify(after.cursor) !== JSON.stringify(before.cursor)) {
    writes.push(kv.put(CURSOR_KEY, JSON.stringify(after.cursor)));
  }
  await Promise.all(writes);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
