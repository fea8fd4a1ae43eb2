/** What an archive entry holds (one account, one UTC day) and when KV deletes it. */
import { z } from 'zod';
import { dayStartMs, type UtcDay } from './utc-day';

/** One dial as archived: the privacy policy's "destination, time, whether placed, any error". */
export const ArchivedDialSchema = z.strictObject({
  destination: z.string(),
  /** ISO 8601 UTC. */
  at: z.iso.datetime(),
  placed: z.boolean(),
  error: z.string().nullable(),
});
export type ArchivedDial = z.infer<typeof ArchivedDialSchema>;

export const ArchiveEntrySchema = z.array(ArchivedDialSchema);

/** KV metadata (read by list() without a get): how many dials the entry holds. */
export const ArchiveMetadataSchema = z.object({ dials: z.number().int().nonnegative() });
export type ArchiveMetadata = z.infer<typeof ArchiveMetadataSchema>;

/** "Dial audit records: retained for 12 months, then deleted." */
export const RETENTION_DAYS = 365;

/**
 * Absolute expiration (seconds) of a day's entry: 00:00 UTC of the dial day plus 365 days, so no dial in it
 * outlives 12 months (the earliest goes at 365 days, a 23:59 dial one day sooner).
 */
export function archiveExpiration(day: UtcDay): number {
  return dayStartMs(day) / 1000 + RETENTION_DAYS * 86_400;
}
