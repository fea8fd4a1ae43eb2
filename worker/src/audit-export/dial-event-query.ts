/** The SQL the nightly check sends to Analytics Engine for a slice of a day, and the zod schemas of its answers. */
import * as z from 'zod/mini';
import { pure } from '@voipcom/shared';
import { PSEUDONYM_PATTERN } from '../audit/audit-keyring';
import { DIAL_ID_PATTERN, SEALED_PATTERN } from '../audit/dial-seal';

/**
 * A part of a UTC day, by the dial's own time (double1, epoch ms), optionally one account (index1). Slices are cut
 * by the time the dial was requested, as archive records are, so a dial written just after midnight is checked with
 * the day it belongs to.
 */
export interface Slice {
  from: number;
  to: number;
  index?: string;
}

/** Dataset names are identifiers; anything else would be SQL injection through a var. */
export const DatasetNameSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/)));

/**
 * Analytics Engine's `timestamp` is when the data point was written: after the PBX answered (NS_TIMEOUT_MS, at most
 * 60 s) and inside `waitUntil` (30 s more at most). The bounds on it only narrow the scan, so they are generous.
 */
const WRITTEN_AFTER_REQUEST_S = 600;
const CLOCK_SKEW_S = 60;

function where(slice: Slice): string {
  const conditions = [
    `timestamp >= toDateTime(${Math.floor(slice.from / 1000) - CLOCK_SKEW_S})`,
    `timestamp < toDateTime(${Math.ceil(slice.to / 1000) + WRITTEN_AFTER_REQUEST_S})`,
    `double1 >= ${slice.from}`,
    `double1 < ${slice.to}`,
  ];
  if (slice.index !== undefined) {
    // Pseudonyms are base64url and a dot: nothing in them can end the literal.
    if (!PSEUDONYM_PATTERN.test(slice.index)) throw new Error('a slice index must be a pseudonym');
    conditions.push(`index1 = '${slice.index}'`);
  }
  return conditions.join(' AND ');
}

/**
 * How many data points the slice holds and how many dials they stand for: equal only when nothing in it was sampled
 * (SUM(_sample_interval) is the documented way to count sampled rows).
 */
export function sliceCountSql(dataset: string, slice: Slice): string {
  return `SELECT count() AS points, SUM(_sample_interval) AS dials FROM ${dataset} WHERE ${where(slice)} FORMAT JSON`;
}

/**
 * One page of the slice's rows in a total order (account, then the unique dial id), so pages read at one resolution
 * never overlap or skip. Times are read as numbers (double1): no DateTime text to parse.
 */
export function sliceRowsSql(dataset: string, slice: Slice, offset: number, limit: number): string {
  return [
    'SELECT index1 AS account, blob1 AS dial_id, blob2 AS sealed, double1 AS at_ms, _sample_interval AS sample_interval',
    `FROM ${dataset} WHERE ${where(slice)}`,
    'ORDER BY index1, blob1',
    `LIMIT ${limit} OFFSET ${offset}`,
    'FORMAT JSON',
  ].join(' ');
}

/** The accounts that dialled in the slice, with the finest sample interval of each (1 when read at full resolution). */
export function sliceAccountsSql(dataset: string, slice: Slice, limit: number): string {
  return `SELECT index1 AS account, min(_sample_interval) AS finest FROM ${dataset} WHERE ${where(slice)} GROUP BY index1 ORDER BY index1 LIMIT ${limit} FORMAT JSON`;
}

/** ClickHouse prints 64-bit integers (count(), a SUM of integers) as JSON strings and the rest as numbers: accept both. */
const NumberLike = /* @__PURE__ */ pure(() =>
  z.union([z.number(), z.pipe(z.string().check(z.regex(/^-?\d+(\.\d+)?$/)), z.transform(Number))]),
);

export const SliceCountSchema = /* @__PURE__ */ pure(() => z.object({ points: NumberLike, dials: NumberLike }));

export const SliceAccountSchema = /* @__PURE__ */ pure(() => z.object({ account: z.string(), finest: NumberLike }));

/** A data point in the layout worker/src/audit/dial-audit.ts writes, or null for one in any other layout. */
export const DialPointSchema = /* @__PURE__ */ pure(() =>
  z.pipe(
    z.object({ account: z.string(), dial_id: z.string(), sealed: z.string(), at_ms: NumberLike, sample_interval: NumberLike }),
    z.transform((row) => {
      const valid =
        PSEUDONYM_PATTERN.test(row.account) &&
        DIAL_ID_PATTERN.test(row.dial_id) &&
        SEALED_PATTERN.test(row.sealed) &&
        Number.isSafeInteger(row.at_ms);
      return {
        sampleInterval: row.sample_interval,
        point: valid ? { pseudonym: row.account, dialId: row.dial_id, atMs: row.at_ms, sealed: row.sealed } : null,
      };
    }),
  ),
);
