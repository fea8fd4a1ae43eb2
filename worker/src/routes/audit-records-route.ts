/** POST /v1/admin/audit-records: Voipcom staff, signed in through Cloudflare Access, read one account's archived dials. */
import { AuditRecordsRequestSchema, err, ok, type AuditRecordsResponse } from '@voipcom/shared';
import { accountKeyHash } from '../session/account-hash';
import { openAccountKey } from '../audit/account-key-storage';
import { allPseudonyms } from '../audit/audit-keyring';
import { accountDayPrefix, parseRecordName, RecordMetadataSchema } from '../audit/archive-storage';
import { openDial, sealedKeyId } from '../audit/dial-seal';
import { listPages, type ListedKey } from '../audit/budgeted-list';
import { OperationBudget } from '../audit/operation-budget';
import { addDays, daysBetween, utcDayOf, type UtcDay } from '../audit/utc-day';
import { failed } from '../http/failure';
import { readJsonBody } from '../http/json-body';
import { logInfo } from '../log';
import type { Config } from '../config';
import type { Env } from '../env';
import { route, type Answer } from '../http/router';

/** A month per call: one KV list per day and audit kid, far below an invocation's 1,000 operations. */
const MAX_DAYS = 31;
/** KV operations one read may make (an invocation may make 1,000). */
const KV_BUDGET = 950;
const DEFAULT_DAYS = 7;
const PARALLEL_LISTS = 6;

/**
 * The only way to read the archive in clear: the records are sealed under the account's key, which the Worker holds
 * wrapped under AUDIT_KEYS. Every read is logged with the caller (the policy lets humans read user data only for
 * security or legal reasons, so who read what is itself on record).
 */
export const readAuditRecords = route({
  auth: 'access',
  handle: ({ request, env, config }, { caller }) => read(request, env, config, caller),
});

async function read(request: Request, env: Env, config: Config, caller: string): Promise<Answer> {
  const asked = await readJsonBody(request, AuditRecordsRequestSchema);
  if (!asked.ok) return asked;
  const { uid, from: askedFrom, to: askedTo } = asked.data;
  const to: UtcDay = askedTo ?? utcDayOf(Date.now());
  const from: UtcDay = askedFrom ?? addDays(to, 1 - DEFAULT_DAYS);
  if (daysBetween(from, to) < 0) return err({ reason: 'range_reversed' });
  if (daysBetween(from, to) >= MAX_DAYS) return err({ reason: 'range_too_long', maxDays: MAX_DAYS });

  const kv = env.AUDIT_ARCHIVE;
  const budget = new OperationBudget(KV_BUDGET);
  const prefixes: { pseudonym: string; prefix: string }[] = [];
  for (const pseudonym of await allPseudonyms(config.auditKeys, uid)) {
    for (let day = from; day <= to; day = addDays(day, 1)) prefixes.push({ pseudonym, prefix: accountDayPrefix(day, pseudonym) });
  }
  const records: ListedKey[] = [];
  for (let i = 0; i < prefixes.length; i += PARALLEL_LISTS) {
    const batch = prefixes.slice(i, i + PARALLEL_LISTS);
    for (const listed of await Promise.all(batch.map(({ prefix }) => listAll(kv, prefix, budget)))) records.push(...listed);
  }

  const keys = new Map<string, Promise<CryptoKey | null>>();
  const body: AuditRecordsResponse = { uid, from, to, dials: [], unreadable: 0 };
  for (const record of records) {
    const name = parseRecordName(record.name);
    const metadata = RecordMetadataSchema.safeParse(record.metadata);
    const keyId = metadata.success ? sealedKeyId(metadata.data.s) : null;
    if (name === null || !metadata.success || keyId === null) {
      body.unreadable++;
      continue;
    }
    const cacheKey = `${name.pseudonym}:${keyId}`;
    if (!keys.has(cacheKey)) {
      if (!budget.take()) return err({ reason: 'range_too_full' });
      keys.set(cacheKey, openAccountKey(kv, config.auditKeys, name.pseudonym, keyId));
    }
    const key = await keys.get(cacheKey)!;
    const content =
      key === null
        ? null
        : await openDial(key, { pseudonym: name.pseudonym, dialId: name.dialId, atMs: metadata.data.at }, metadata.data.s);
    if (content === null) body.unreadable++;
    else
      body.dials.push({
        at: new Date(metadata.data.at).toISOString(),
        destination: content.destination,
        placed: content.placed,
        error: content.error === '' ? null : content.error,
      });
  }
  body.dials.sort((a, b) => a.at.localeCompare(b.at));
  // Who read which account's dials, for the staff audit trail; the account appears only as its key hash.
  logInfo('audit_records_read', { caller, account: await accountKeyHash(uid), from, to, dials: body.dials.length });
  return ok(Response.json(body, { headers: { 'Cache-Control': 'no-store' } }));
}

/** Every key under the prefix, with metadata (a day holds at most a few hundred of one account's dials). */
async function listAll(kv: KVNamespace, prefix: string, budget: OperationBudget): Promise<ListedKey[]> {
  const keys: ListedKey[] = [];
  // Thrown, not returned: it ends the batch of lists running in parallel (Promise.all), and read() answers it.
  if (!(await listPages(kv, prefix, budget, (page) => void keys.push(...page)))) throw failed({ reason: 'range_too_full' });
  return keys;
}
