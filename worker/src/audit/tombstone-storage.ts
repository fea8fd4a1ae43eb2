/** Purge tombstones in AUDIT_ARCHIVE: which accounts were purged when, and the purge work still to do for each. */
import { jsonOrUndefined, pure } from '@voipcom/shared';
import * as z from 'zod/mini';
import { PSEUDONYM_PATTERN } from './audit-keyring';
import { listPages } from './budgeted-list';
import type { OperationBudget } from './operation-budget';
import { isUtcDay } from './utc-day';

const TOMBSTONE_PREFIX = 'purged:';

/**
 * Analytics Engine keeps data points for three months and cannot delete them: the tombstone outlives that, so the
 * nightly check never copies a purged dial back into the archive.
 */
const TOMBSTONE_TTL_SECONDS = 100 * 86_400;

/**
 * A sweep that starts this long after the purge finds whatever writers that raced the purge left: an export run that
 * had listed the tombstones before the purge (it stops itself within AUDIT_EXPORT_RUN_SECONDS, at most 15 minutes by
 * the cron limit), a dial finishing its `waitUntil` (30 s), and KV's ~60 s until a write shows at other locations.
 */
export const RACE_WINDOW_MS = 20 * 60_000;

/** In the metadata, so one `list` gives the export every purged account and its purge time. */
const TombstoneMetadataSchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** Purge time, epoch ms: dials at or before it are purged. */
    t: z.int().check(z.nonnegative()),
    /** The account's pseudonym under every audit kid the purge knew. */
    p: z.array(z.string().check(z.regex(PSEUDONYM_PATTERN))).check(z.minLength(1)),
    /** 1 while work is left (sessions, a sweep, the sweep after the race window). */
    w: z.union([z.literal(0), z.literal(1)]),
  }),
);

const PurgeWorkSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    /** SHA-256 of the lower-cased uid while sessions may be left to revoke; null once none is left. */
    sessions: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
    /** Where the running sweep of the archive continues (index into the pseudonyms, day going back); null: none running. */
    sweep: z.nullable(z.strictObject({ account: z.int().check(z.nonnegative()), day: z.string().check(z.refine(isUtcDay)) })),
    /** Start (epoch ms) of the running sweep. */
    sweepStartedAt: z.nullable(z.int()),
    /** Start (epoch ms) of the last sweep that went through the whole archive of the account. */
    sweptFrom: z.nullable(z.int()),
  }),
);
export type PurgeWork = z.infer<typeof PurgeWorkSchema>;

export interface Tombstone {
  name: string;
  purgedAtMs: number;
  pseudonyms: string[];
  work: PurgeWork;
}

export function tombstoneName(pseudonym: string): string {
  return `${TOMBSTONE_PREFIX}${pseudonym}`;
}

/** Nothing is left once sessions are revoked and a whole sweep began after the race window. */
export function workLeft(tombstone: Tombstone): boolean {
  const { work } = tombstone;
  return work.sessions !== null || work.sweep !== null || work.sweptFrom === null || work.sweptFrom < tombstone.purgedAtMs + RACE_WINDOW_MS;
}

/** Absolute expiration from the purge time: rewriting the job state never extends it. */
export async function writeTombstone(kv: KVNamespace, tombstone: Tombstone): Promise<void> {
  const metadata: z.infer<typeof TombstoneMetadataSchema> = {
    t: tombstone.purgedAtMs,
    p: tombstone.pseudonyms,
    w: workLeft(tombstone) ? 1 : 0,
  };
  await kv.put(tombstone.name, JSON.stringify(tombstone.work), {
    expiration: Math.floor(tombstone.purgedAtMs / 1000) + TOMBSTONE_TTL_SECONDS,
    metadata,
  });
}

/** Null when absent or unreadable (then the purge starts its work afresh). */
export async function readTombstone(kv: KVNamespace, name: string): Promise<Tombstone | null> {
  const { value, metadata } = await kv.getWithMetadata(name, 'text');
  const meta = TombstoneMetadataSchema.safeParse(metadata);
  const work = value === null ? null : PurgeWorkSchema.safeParse(jsonOrUndefined(value));
  if (!meta.success || !work?.success) return null;
  return { name, purgedAtMs: meta.data.t, pseudonyms: meta.data.p, work: work.data };
}

export interface TombstoneListing {
  /** Pseudonym → latest purge time (ms): the export drops dials at or before it. */
  purgedAt: Map<string, number>;
  /** Tombstones whose work is not done yet. */
  pending: string[];
  /** False when the budget ran out before the listing ended (the caller must not rely on `purgedAt` then). */
  complete: boolean;
}

/** One list per 1,000 purges (they are rare), instead of a read per account. */
export async function listTombstones(kv: KVNamespace, budget: OperationBudget): Promise<TombstoneListing> {
  const listing: TombstoneListing = { purgedAt: new Map(), pending: [], complete: false };
  listing.complete = await listPages(kv, TOMBSTONE_PREFIX, budget, (keys) => {
    for (const key of keys) {
      const meta = TombstoneMetadataSchema.safeParse(key.metadata);
      if (!meta.success) {
        // Unreadable metadata: treat its account as purged up to now rather than archive a purged account again.
        const pseudonym = key.name.slice(TOMBSTONE_PREFIX.length);
        if (PSEUDONYM_PATTERN.test(pseudonym)) listing.purgedAt.set(pseudonym, Date.now());
        continue;
      }
      for (const pseudonym of meta.data.p) listing.purgedAt.set(pseudonym, Math.max(meta.data.t, listing.purgedAt.get(pseudonym) ?? 0));
      if (meta.data.w === 1) listing.pending.push(key.name);
    }
  });
  return listing;
}
