/** Writes an account's day into AUDIT_ARCHIVE and lists or deletes an account's entries. */
import { archiveExpiration, ArchiveMetadataSchema, type ArchivedDial, type ArchiveMetadata } from './archive-record';
import { archiveKey, archivePrefix } from './archive-keys';
import type { UtcDay } from './utc-day';

/**
 * Same key and same content on every run for the same rows, so re-running a day overwrites instead of adding.
 * Counts as one KV operation.
 */
export async function writeArchiveEntry(kv: KVNamespace, accountHash: string, day: UtcDay, dials: ArchivedDial[]): Promise<void> {
  const metadata: ArchiveMetadata = { dials: dials.length };
  await kv.put(archiveKey(accountHash, day), JSON.stringify(dials), { expiration: archiveExpiration(day), metadata });
}

export interface ArchiveListing {
  keys: string[];
  /** Dials in those entries, from their metadata. */
  dials: number;
  /** KV operations spent listing. */
  operations: number;
}

/** Every entry of the account (at most one a day for 12 months, so a few list pages at most). */
export async function listArchiveEntries(kv: KVNamespace, accountHash: string): Promise<ArchiveListing> {
  const listing: ArchiveListing = { keys: [], dials: 0, operations: 0 };
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: archivePrefix(accountHash), cursor });
    listing.operations++;
    for (const key of page.keys) {
      listing.keys.push(key.name);
      // An entry without readable metadata still holds at least one dial (empty days are never written).
      const metadata = ArchiveMetadataSchema.safeParse(key.metadata);
      listing.dials += metadata.success ? metadata.data.dials : 1;
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return listing;
}
