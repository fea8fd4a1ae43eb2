/**
 * A local stand-in for Workers Analytics Engine: takes data points with the binding's limits and answers the SQL
 * API as Cloudflare documents it (sampling, retention, answer format, errors). Each behaviour names its source.
 * The SQL itself runs in SQLite (sql.js): its semantics are SQLite's, after `translate` rewrites the few words of
 * the Analytics Engine dialect the Worker uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { closeServer, listenOnLoopback } from '../../../scripts/lib/loopback-server';

/** A data point as a Worker passes it to `writeDataPoint`. */
export interface DataPointInput {
  indexes?: (string | null)[];
  blobs?: (string | null)[];
  doubles?: number[];
}

/** One stored row; columns as the SQL API names them (index1, blob1..20, double1..20, _sample_interval). */
export interface StoredRow {
  /** Order of arrival: ties between equal timestamps, and the basis of deterministic sampling. */
  seq: number;
  timestamp: Date;
  index1: string;
  blobs: string[];
  doubles: number[];
  /** Stored rows this one stands for (more than 1 only when write-time sampling kept one of several). */
  sampleInterval: number;
}

/**
 * How the fake samples. The documentation gives the mechanism, not the thresholds, so tests set them:
 * "At write time, we sample if data points are written too quickly into one index. We sample again at query time
 * if the query is too complex" (developers.cloudflare.com/analytics/analytics-engine/sampling/).
 */
export interface SamplingModel {
  /** Write time: past `perIndexPerMinute` points in one minute, an index keeps one point in `keepOneIn`. */
  write?: { perIndexPerMinute: number; keepOneIn: number };
  /**
   * Read time (Adaptive Bit Rate): data is kept at 100%, 10% and 1% resolution and a query is answered from the
   * finest one whose complexity fits, complexity being "the number of rows to be retrieved", and "reading from many
   * indices in one query will result in low-resolution data" (WAE FAQ). Here a query fits at resolution 1/r when
   * rows retrieved / r ≤ maxRows and indexes read / r ≤ maxIndexes.
   */
  read?: { maxRows: number; maxIndexes: number };
}

/** The binding's limits, from workerd (src/workerd/api/analytics-engine-impl.h): it throws a TypeError with these words. */
const MAX_INDEX_BYTES = 96;
const MAX_MEMBERS = 20;
/** workerd's MAX_CUMULATIVE_BYTES_IN_BLOBS (256 × 20); the limits page now says 16 KB, the runtime checks 5,120. */
const MAX_BLOB_BYTES = 5_120;

/**
 * A query the API refuses: 422 "Input was invalid: …" is what the SQL API answers for SQL it does not support
 * (e.g. "Input was invalid: unsupported expression type: CASE WHEN …", reported in cloudflare/skills#87). SQL that
 * SQLite refuses after `translate` is answered the same way, in SQLite's words: the fake cannot tell the API's
 * refusals from its own gaps, and either way the query fails loudly.
 */
export class SqlError extends Error {
  readonly status = 422;
}

const invalid = (what: string): SqlError => new SqlError(`Input was invalid: ${what}`);

export interface QueryAnswer {
  meta: { name: string; type: string }[];
  data: Record<string, string | number>[];
  rows: number;
  rows_before_limit_at_least?: number;
}

/** Days in "three months" counted back from `now` in calendar months (the limits page: "stored for three months"). */
export function retentionStart(nowMs: number): number {
  const start = new Date(nowMs);
  start.setUTCMonth(start.getUTCMonth() - 3);
  return start.getTime();
}

/** A query rewritten for SQLite, with the parts the fake needs to model the API around it. */
interface Translated {
  sql: string;
  /** The same query without LIMIT/OFFSET: its row count is "the number of rows to be retrieved". */
  unlimited: string;
  /** The WHERE condition (SQLite words), to find the rows (and indexes) the query reads. */
  where: string | null;
  limited: boolean;
  format: string;
  /** Columns ClickHouse prints as JSON strings: count() and SUM are 64-bit integers (UInt64). */
  wide: Set<string>;
}

/**
 * The Analytics Engine dialect's differences the Worker's queries use (worker/src/audit-export/dial-event-query.ts),
 * rewritten for SQLite; anything else goes to SQLite as written. The stored `timestamp` is text in the API's own
 * DateTime form ('YYYY-MM-DD hh:mm:ss', UTC), so it compares and prints as the API's does.
 */
function translate(query: string, dataset: string): Translated {
  let sql = query.trim();
  if (!/^SELECT\b/i.test(sql)) throw invalid('only SELECT queries are supported');
  let format = 'JSON';
  sql = sql.replace(/\s+FORMAT\s+(\w+)$/i, (_, name: string) => {
    format = name;
    return '';
  });
  const table = /\bFROM\s+(\w+)/i.exec(sql)?.[1];
  if (table !== dataset) throw invalid(`unknown table ${table ?? '(none)'}`);
  const wide = new Set([...sql.matchAll(/\b(?:count|sum)\([^)]*\)\s+AS\s+(\w+)/gi)].map((match) => match[1]));
  sql = sql
    // count() counts rows; SQLite spells it count(*).
    .replace(/\bcount\(\s*\)/gi, 'count(*)')
    // ClickHouse's SUM over no rows is 0; SQLite's is NULL.
    .replace(/\bsum\(([^()]*)\)/gi, 'coalesce(sum($1), 0)')
    // toDateTime(<unix seconds>) and toDateTime('<text>') give a DateTime: here the text form.
    .replace(/\btoDateTime\(\s*(\d+)\s*\)/gi, "datetime($1, 'unixepoch')")
    .replace(/\btoDateTime\(\s*('[^']*')\s*\)/gi, '$1');
  const unlimited = sql.replace(/\s+LIMIT\s+\d+(\s+OFFSET\s+\d+)?$/i, '');
  const where = /\sWHERE\s+([\s\S]+?)(?=\s+GROUP\s+BY\s|\s+ORDER\s+BY\s|\s+LIMIT\s|$)/i.exec(unlimited)?.[1] ?? null;
  return { sql, unlimited, where, limited: unlimited !== sql, format, wide };
}

const COLUMNS = [
  '_seq',
  'timestamp',
  'index1',
  ...Array.from({ length: MAX_MEMBERS }, (_, i) => `blob${i + 1}`),
  ...Array.from({ length: MAX_MEMBERS }, (_, i) => `double${i + 1}`),
  '_sample_interval',
];

/** A refusal the fake answers instead of the next query (status and raw body). */
export interface InjectedFault {
  status: number;
  body: string;
  contentType?: string;
  /** Answer after this many ms (a slow API). */
  delayMs?: number;
}

export class AnalyticsSqlFake {
  private readonly stored: StoredRow[] = [];
  /** Every SQL text received with a valid token, in order. */
  readonly queries: string[] = [];
  /** Points that arrived per index and minute, for write-time sampling. */
  private readonly arrivals = new Map<string, number>();
  private faults: (InjectedFault | null)[] = [];
  private forced: number[] = [];
  private sampling: SamplingModel = {};
  private delayMs = 0;
  private seq = 0;
  private sqlite: SqlJsStatic | null = null;
  /** The visible rows loaded into SQLite, kept while they stay the same. */
  private table: { key: string; db: Database } | null = null;
  private server: Server | null = null;
  private port = 0;
  /** The fake's clock (retention); tests move it to test the edge of three months. */
  now: () => number = () => Date.now();

  constructor(
    readonly accountId: string,
    readonly token: string,
    readonly dataset: string,
  ) {}

  /** The account-scoped endpoint, as the real API's `/client/v4/accounts/<id>/analytics_engine/sql`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/client/v4/accounts/${this.accountId}/analytics_engine/sql`;
  }

  /** The Worker vars that point the nightly check at this fake (once started). */
  get vars(): { AE_ACCOUNT_ID: string; AE_SQL_ENDPOINT: string; AE_DATASET: string; AE_API_TOKEN: string } {
    return { AE_ACCOUNT_ID: this.accountId, AE_SQL_ENDPOINT: this.endpoint, AE_DATASET: this.dataset, AE_API_TOKEN: this.token };
  }

  /**
   * What `writeDataPoint` does with a point: the binding's own checks (it throws the runtime's TypeError), then
   * write-time sampling. `timestamp` is when the runtime wrote it.
   */
  write(point: DataPointInput, timestamp: Date = new Date(this.now())): void {
    const indexes = point.indexes ?? [];
    const blobs = (point.blobs ?? []).map((blob) => blob ?? '');
    const doubles = point.doubles ?? [];
    if (indexes.length > 1) throw new TypeError('writeDataPoint(): Maximum of 1 indexes supported.');
    const index = indexes[0] ?? '';
    if (Buffer.byteLength(index) > MAX_INDEX_BYTES)
      throw new TypeError(`writeDataPoint(): Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).`);
    if (blobs.length > MAX_MEMBERS) throw new TypeError(`writeDataPoint(): Maximum of ${MAX_MEMBERS} blobs supported.`);
    if (blobs.reduce((sum, blob) => sum + Buffer.byteLength(blob), 0) > MAX_BLOB_BYTES) {
      throw new TypeError(`writeDataPoint(): Cumulative size of blobs exceeds ${MAX_BLOB_BYTES} bytes).`);
    }
    if (doubles.length > MAX_MEMBERS) throw new TypeError(`writeDataPoint(): Maximum of ${MAX_MEMBERS} doubles supported.`);
    const seq = this.seq++;
    let sampleInterval = 1;
    const write = this.sampling.write;
    if (write) {
      const minute = `${index}\n${Math.floor(timestamp.getTime() / 60_000)}`;
      const arrived = this.arrivals.get(minute) ?? 0;
      this.arrivals.set(minute, arrived + 1);
      if (arrived >= write.perIndexPerMinute) {
        // Too quick into one index: one point in keepOneIn is kept, standing for the others, which are not stored.
        if ((arrived - write.perIndexPerMinute) % write.keepOneIn !== 0) return;
        sampleInterval = write.keepOneIn;
      }
    }
    this.stored.push({ seq, timestamp, index1: index, blobs, doubles, sampleInterval });
  }

  /** Rows as stored, never deleted (nor readable past retention): what a purge cannot remove. */
  storedRows(): StoredRow[] {
    return [...this.stored];
  }

  setSampling(model: SamplingModel): void {
    this.sampling = model;
  }

  /** The next queries are answered at these resolutions (1, 10 or 100), whatever their complexity: load varies. */
  forceResolution(...intervals: number[]): void {
    this.forced.push(...intervals);
  }

  /** The next queries are answered with these faults, one each (null: a normal answer), then service resumes. */
  injectFaults(...faults: (InjectedFault | null)[]): void {
    this.faults.push(...faults);
  }

  /** Every answer waits this long (a slow night). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  clear(): void {
    this.stored.length = 0;
    this.arrivals.clear();
    this.queries.length = 0;
    this.faults = [];
    this.forced = [];
    this.sampling = {};
    this.delayMs = 0;
    this.now = () => Date.now();
  }

  async start(): Promise<void> {
    // In Node, sql.js finds its .wasm beside itself in node_modules/sql.js/dist.
    this.sqlite ??= await initSqlJs();
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.port = await listenOnLoopback(server);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await closeServer(server);
    this.server = null;
  }

  /** Runs a query the way the API would (exported for direct tests of the fake); the fake must be started. */
  execute(sql: string): QueryAnswer {
    const query = translate(sql, this.dataset);
    const visibleFrom = retentionStart(this.now());
    const visible = this.stored.filter((row) => row.timestamp.getTime() >= visibleFrom);
    // Rows are only ever added (seq grows) and only age out of view: seq and the visible count name the table's content.
    const key = `${this.seq}:${visible.length}`;
    if (this.table?.key !== key) {
      this.table?.db.close();
      this.table = { key, db: this.load(visible) };
    }
    const base = this.table.db;
    let db = base;
    try {
      const matched = new Set(
        this.all(db, `SELECT _seq FROM ${this.dataset}${query.where === null ? '' : ` WHERE ${query.where}`}`).rows.map((row) => row[0]),
      );
      const reads = visible.filter((row) => matched.has(row.seq));
      const retrieved = Number(this.all(db, `SELECT count(*) FROM (${query.unlimited})`).rows[0][0]);
      const resolution = this.resolution(retrieved, new Set(reads.map((row) => row.index1)).size);
      if (resolution !== 1) db = this.load(atResolution(reads, resolution));
      const { columns, rows } = this.all(db, query.sql);
      const data = rows.map((row) =>
        Object.fromEntries(columns.map((name, i) => [name, query.wide.has(name) ? String(row[i]) : (row[i] as string | number)])),
      );
      const type = (name: string, i: number): string =>
        query.wide.has(name) ? 'UInt64' : typeof rows[0]?.[i] === 'number' ? 'Float64' : 'String';
      return {
        meta: columns.map((name, i) => ({ name, type: type(name, i) })),
        data,
        rows: data.length,
        ...(query.limited ? { rows_before_limit_at_least: retrieved } : {}),
      };
    } finally {
      if (db !== base) db.close();
    }
  }

  /** A fresh in-memory table named after the dataset, holding these rows. */
  private load(rows: StoredRow[]): Database {
    if (this.sqlite === null) throw new Error('analytics-sql-fake: start() it first (it loads SQLite)');
    const db = new this.sqlite.Database();
    const types = COLUMNS.map((name) => `${name} ${name.startsWith('double') ? 'REAL' : name.startsWith('_') ? 'INTEGER' : 'TEXT'}`);
    db.run(`CREATE TABLE ${this.dataset} (${types.join(', ')})`);
    const insert = db.prepare(`INSERT INTO ${this.dataset} VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    for (const row of rows) {
      const blobs = Array.from({ length: MAX_MEMBERS }, (_, i) => row.blobs[i] ?? '');
      const doubles = Array.from({ length: MAX_MEMBERS }, (_, i) => row.doubles[i] ?? 0);
      insert.run([
        row.seq,
        row.timestamp.toISOString().slice(0, 19).replace('T', ' '),
        row.index1,
        ...blobs,
        ...doubles,
        row.sampleInterval,
      ]);
    }
    insert.free();
    return db;
  }

  /** Every row of a query; SQLite's refusals become the API's 422. */
  private all(db: Database, sql: string): { columns: string[]; rows: SqlValue[][] } {
    try {
      const statement = db.prepare(sql);
      const columns = statement.getColumnNames();
      const rows: SqlValue[][] = [];
      while (statement.step()) rows.push(statement.get());
      statement.free();
      return { columns, rows };
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
  }

  private resolution(rowsRetrieved: number, indexesRead: number): number {
    const forced = this.forced.shift();
    if (forced !== undefined) return forced;
    const read = this.sampling.read;
    if (!read) return 1;
    for (const r of [1, 10, 100]) if (rowsRetrieved / r <= read.maxRows && indexesRead / r <= read.maxIndexes) return r;
    return 100;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, text: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== `/client/v4/accounts/${this.accountId}/analytics_engine/sql`) {
      send(404, JSON.stringify({ success: false, errors: [{ code: 7003, message: 'No route for that URI' }] }));
      return;
    }
    if (req.method !== 'POST') {
      send(405, JSON.stringify({ success: false, errors: [{ code: 10405, message: 'Method not allowed' }] }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      send(401, JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] }));
      return;
    }
    this.queries.push(body);
    const fault = this.faults.shift() ?? null;
    const delay = fault?.delayMs ?? this.delayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (fault !== null && fault.status !== 200 && fault.body !== '') {
      send(fault.status, fault.body, fault.contentType ?? 'application/json');
      return;
    }
    if (fault !== null && fault.status === 200 && fault.body !== '') {
      send(200, fault.body, fault.contentType ?? 'application/json');
      return;
    }
    try {
      const answer = this.execute(body);
      const { format } = translate(body, this.dataset);
      if (format === 'JSON') send(200, JSON.stringify(answer));
      else if (format === 'JSONEachRow') send(200, answer.data.map((row) => JSON.stringify(row)).join('\n'), 'application/x-ndjson');
      else send(200, answer.data.map((row) => Object.values(row).join('\t')).join('\n'), 'text/tab-separated-values');
    } catch (error) {
      if (!(error instanceof SqlError)) throw error;
      send(error.status, error.message, 'text/plain; charset=utf-8');
    }
  }
}

/**
 * A coarser resolution keeps one row in r of each index (the first, then every r-th, in arrival order), each standing
 * for r: the resolutions are "derived from the equitably sampled data", which keeps every index visible, so a
 * small index thins out but never vanishes (a modelling choice: the documentation gives no exact rule).
 */
function atResolution(rows: StoredRow[], resolution: number): StoredRow[] {
  if (resolution === 1) return rows;
  const seen = new Map<string, number>();
  const kept: StoredRow[] = [];
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    const position = seen.get(row.index1) ?? 0;
    seen.set(row.index1, position + 1);
    if (position % resolution === 0) kept.push({ ...row, sampleInterval: row.sampleInterval * resolution });
  }
  return kept;
}
