/** Key names in AUDIT_ARCHIVE: one entry per account and UTC day, purge tombstones, the export's progress. */
import { sha256Hex } from '../crypto/encoding';
import type { UtcDay } from './utc-day';

/** Last UTC day whose rows are all archived, as plain `YYYY-MM-DD` (an operator can set it to re-export). */
export const WATERMARK_KEY = 'export:watermark';
/** Where a day that ran out of budget resumes: JSON {day, offset}; absent when no day is half done. */
export const CURSOR_KEY = 'export:cursor';
export const TOMBSTONE_PREFIX = 'purged:';

/**
 * Keys carry SHA-256 of the lower-cased uid, never the uid itself: NetSapiens uids are case-insensitive (as the
 * session index in SESSIONS treats them), so a purge finds the entries however the uid is spelled.
 */
export function accountKeyHash(uid: string): Promise<string> {
  return sha256Hex(uid.toLowerCase());
}

export function archivePrefix(accountHash: string): string {
  return `audit:${accountHash}:`;
}

/** Day last, so one prefix lists an account's whole archive and keys sort by day. */
export function archiveKey(accountHash: string, day: UtcDay): string {
  return `${archivePrefix(accountHash)}${day}`;
}

export function tombstoneKey(accountHash: string): string {
  return `${TOMBSTONE_PREFIX}${accountHash}`;
}
