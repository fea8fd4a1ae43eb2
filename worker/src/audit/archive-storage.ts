/** The 12-month dial archive in AUDIT_ARCHIVE: one KV key per dial, `audit:<day>:<pseudonym>:<dialId>`, expiring with its day. */
import * as z from 'zod/mini';
import { pure } from '@voipcom/shared';
import { dayStartMs, utcDayOf, type UtcDay } from './utc-day';
import { DIAL_ID_PATTERN, SEALED_PATTERN, type DialIdentity } from './dial-seal';
import { PSEUDONYM_PATTERN } from './audit-keyring';

const ARCHIVE_PREFIX = 'audit:';

/** "Dial audit records: retained for 12 months, then deleted." */
export const RETENTION_DAYS = 365;

/** A day first, so one prefix lists a whole day for the nightly check; the account next, for a purge. */
export function dayPrefix(day: UtcDay): string {
  return `${ARCHIVE_PREFIX}${day}:`;
}

export function accountDayPrefix(day: UtcDay, pseudonym: string): string {
  return `${dayPrefix(day)}${pseudonym}:`;
}

export function recordName(identity: DialIdentity): string {
  return `${accountDayPrefix(utcDayOf(identity.atMs), identity.pseudonym)}${identity.dialId}`;
}

const NAME_PATTERN = /^audit:(\d{4}-\d{2}-\d{2}):([A-Za-z0-9_.-]+):([A-Za-z0-9_-]+)$/;

/** The pseudonym and dial id a record's name carries, or null for a name in another layout. */
export function parseRecordName(name: string): { day: UtcDay; pseudonym: string; dialId: string } | null {
  const match = NAME_PATTERN.exec(name);
  if (!match || !PSEUDONYM_PATTERN.test(match[2]) || !DIAL_ID_PATTERN.test(match[3])) return null;
  return { day: match[1], pseudonym: match[2], dialId: match[3] };
}

/**
 * The whole record lives in its metadata (the value is empty), so a `list` returns up to 1,000 dials with their
 * content: `at` in clear (a purge must compare it with its own time), the rest sealed under the account's key.
 */
export const RecordMetadataSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({ at: z.int().check(z.nonnegative()), s: z.string().check(z.regex(SEALED_PATTERN)) }),
);
export type RecordMetadata = z.infer<typeof RecordMetadataSchema>;

/**
 * Absolute expiration (seconds): 00:00 UTC of the dial's day plus 365 days, so no dial outlives 12 months (the
 * earliest of the day goes at 365 days, a 23:59 dial one day sooner).
 */
export function recordExpiration(day: UtcDay): number {
  return dayStartMs(day) / 1000 + RETENTION_DAYS * 86_400;
}

/** The same name and content for the same dial, so writing it again (a repair, a retry) never duplicates it. */
export async function writeRecord(kv: KVNamespace, identity: DialIdentity, sealed: string): Promise<void> {
  const metadata: RecordMetadata = { at: identity.atMs, s: sealed };
  await kv.put(recordName(identity), '', { expiration: recordExpiration(utcDayOf(identity.atMs)), metadata });
}
