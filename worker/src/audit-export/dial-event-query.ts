/** The SQL that reads one page of a UTC day's dial events, and the zod schema that turns its rows into dials. */
import { z } from 'zod';
import type { ArchivedDial } from './archive-record';
import { addDays, type UtcDay } from './utc-day';

/**
 * Column layout written by worker/src/audit/dial-audit.ts (see worker/STORAGE.md): index1 = uid,
 * blob1 = destination, blob2 = error ('' when none), double1 = 1 placed / 0 not, double2 = dial time (epoch ms).
 */
const SELECT_LIST =
  'lowerUTF8(index1) AS uid, timestamp, blob1 AS destination, blob2 AS error, double1 AS placed, double2 AS at_ms, _sample_interval AS sample_interval';

/**
 * Account first (uids are case-insensitive, so lower case), so one account's rows are contiguous and its entry is
 * complete when the next account starts; then every column, a total order that keeps LIMIT/OFFSET pages stable
 * between runs.
 */
const ORDER_BY = 'lowerUTF8(index1), timestamp, double2, blob1, blob2, double1, index1';

/** Dataset names are identifiers; anything else would be SQL injection through a var. */
export const DatasetNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);

export function dialEventPageSql(dataset: string, day: UtcDay, offset: number, limit: number): string {
  return [
    `SELECT ${SELECT_LIST}`,
    `FROM ${dataset}`,
    `WHERE timestamp >= toDateTime('${day} 00:00:00') AND timestamp < toDateTime('${addDays(day, 1)} 00:00:00')`,
    `ORDER BY ${ORDER_BY}`,
    `LIMIT ${limit} OFFSET ${offset}`,
    'FORMAT JSON',
  ].join(' ');
}

/** ClickHouse prints numbers as JSON numbers, 64-bit integers as strings: accept both. */
const NumberLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

/** The SQL API's DateTime text, 'YYYY-MM-DD hh:mm:ss' in UTC. */
const DateTimeText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  .transform((text) => Date.parse(`${text.replace(' ', 'T')}Z`));

export const DialEventRowSchema = z
  .object({
    // Lenient on content: one odd row must not hold up the archive of a whole day.
    uid: z.string(),
    timestamp: DateTimeText,
    destination: z.string(),
    error: z.string(),
    placed: NumberLike,
    at_ms: NumberLike,
    sample_interval: NumberLike,
  })
  .transform((row): { uid: string; atMs: number; sampled: boolean; dial: ArchivedDial } => {
    // The writer's own clock in milliseconds when present; the data point's second-resolution timestamp otherwise.
    const atMs = row.at_ms > 0 ? row.at_ms : row.timestamp;
    return {
      uid: row.uid,
      atMs,
      // Analytics Engine may sample a very busy index: such a row stands for several dials, the others are lost.
      sampled: row.sample_interval > 1,
      dial: { destination: row.destination, at: new Date(atMs).toISOString(), placed: row.placed === 1, error: row.error === '' ? null : row.error },
    };
  });
export type DialEventRow = z.output<typeof DialEventRowSchema>;
