/** Marks purged accounts so the nightly export does not re-archive their dials still held in Analytics Engine. */
import { z } from 'zod';
import { tombstoneKey, TOMBSTONE_PREFIX } from './archive-keys';

/**
 * Analytics Engine keeps data points for three months and cannot delete them; the tombstone outlives that, so
 * every dial made before the purge has aged out of Analytics Engine before the tombstone goes.
 */
export const TOMBSTONE_TTL_SECONDS = 100 * 86_400;

const TombstoneMetadataSchema = z.object({ purgedAtMs: z.number().int().nonnegative() });

export async function writeTombstone(kv: KVNamespace, accountHash: string, purgedAtMs: number): Promise<void> {
  await kv.put(tombstoneKey(accountHash), new Date(purgedAtMs).toISOString(), {
    expirationTtl: TOMBSTONE_TTL_SECONDS,
    metadata: { purgedAtMs },
  });
}

export interface Tombstones {
  /** Account hash → purge time (ms): dials at or before it are not archived again. */
  purgedAt: Map<string, number>;
  operations: number;
}

/** One list call per 1000 purged accounts (purges are rare), instead of one read per exported account. */
export async function listTombstones(kv: KVNamespace): Promise<Tombstones> {
  const tombstones: Tombstones = { purgedAt: new Map(), operations: 0 };
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: TOMBSTONE_PREFIX, cursor });
    tombstones.operations++;
    for (const key of page.keys) {
      const metadata = TombstoneMetadataSchema.safeParse(key.metadata);
      // Unreadable metadata: treat everything up to now as purged rather than re-archive a purged account.
      tombstones.purgedAt.set(key.name.slice(TOMBSTONE_PREFIX.length), metadata.success ? metadata.data.purgedAtMs : Date.now());
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return tombstones;
}
