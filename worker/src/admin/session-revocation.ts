/** Revokes an account's sessions in batches that fit a budget, for the purge and its nightly continuation. */
import type { OperationBudget } from '../audit/operation-budget';
import { accountKvPrefix, revokeSession } from '../session/session-storage';

/** Marker, session key, index entry: what revoking one session costs in KV operations. */
const OPERATIONS_PER_SESSION = 3;

/**
 * Lists only as many index entries as the budget can revoke (an account may hold hundreds of sessions: 500 would need
 * 1,500 operations, more than one invocation may make), so no session is listed and then left. `complete` is true
 * once a listing came back empty of entries not yet revoked.
 */
export async function revokeSessionsOfAccount(
  kv: KVNamespace,
  accountHash: string,
  budget: OperationBudget,
): Promise<{ revoked: number; complete: boolean }> {
  const prefix = accountKvPrefix(accountHash);
  let revoked = 0;
  let cursor: string | undefined;
  for (;;) {
    const limit = Math.min(1000, Math.floor((budget.remaining - 1) / OPERATIONS_PER_SESSION));
    if (limit < 1 || !budget.take()) return { revoked, complete: false };
    const page = await kv.list({ prefix, cursor, limit });
    budget.take(page.keys.length * OPERATIONS_PER_SESSION);
    await Promise.all(
      // Revoked, not only deleted: a token refresh in flight must not bring the session back after the purge.
      page.keys.map((key) => Promise.all([revokeSession(kv, key.name.slice(prefix.length), null), kv.delete(key.name)])),
    );
    revoked += page.keys.length;
    if (page.list_complete) return { revoked, complete: true };
    cursor = page.cursor;
  }
}
