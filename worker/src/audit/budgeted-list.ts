/** Lists a KV prefix page by page, one budgeted operation per page, for the purge, the export and the archive reader. */
import type { OperationBudget } from './operation-budget';

/** A listed key: its name and metadata (unvalidated: callers read it with their schema). */
export interface ListedKey {
  name: string;
  metadata?: unknown;
}

/**
 * Calls `visit` with each page of keys under `prefix`. False when the budget refused a page or `visit` answered
 * false (it ran out of budget for its own work); true once the listing is complete.
 */
export async function listPages(
  kv: KVNamespace,
  prefix: string,
  budget: OperationBudget,
  visit: (keys: ListedKey[]) => Promise<boolean | void> | boolean | void,
): Promise<boolean> {
  let cursor: string | undefined;
  do {
    if (!budget.take()) return false;
    const page = await kv.list({ prefix, cursor });
    if ((await visit(page.keys)) === false) return false;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return true;
}
