/**
 * A local stand-in for Workers Analytics Engine: takes data points with the binding's limits and answers the SQL
 * API as Cloudflare documents it (sampling, retention, answer format, errors). Each behaviour names its source.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
 * A query the API refuses. 422 "Input was invalid: …" is what the SQL API answers for SQL it does not support
 * (e.g. "Input was invalid: unsupported expression type: CASE WHEN …", reported in cloudflare/skills#87); 501 marks
 * SQL the real API supports but this fake does not, so a query that leaves the fake's subset fails loudly.
 */
export class SqlError extends Error {
  constructor(
    readonly status: 422 | 501,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (what: string): SqlError => new SqlError(422, `Input was invalid: ${what}`);
const notInFake = (what: string): SqlError => new SqlError(501, `analytics-sql-fake: ${what} is valid Analytics Engine SQL but not implemented by this fake`);

// ---------------------------------------------------------------------------------------------------------------
// Tokens and syntax
// ---------------------------------------------------------------------------------------------------------------

type Token = { kind: 'word' | 'number' | 'string' | 'symbol'; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const number = /^\d+(\.\d+)?/.exec(rest);
    const symbol = /^(<=|>=|!=|<>|[(),*=<>;+\-/%.])/.exec(rest);
    if (word) tokens.push({ kind: 'word', text: word[0] });
    else if (number) tokens.push({ kind: 'number', text: number[0] });
    else if (rest.startsWith("'")) {
      let text = '';
      let j = 1;
      for (; j < rest.length; j++) {
        if (rest[j] === '\\' && j + 1 < rest.length) text += rest[++j];
        else if (rest[j] === "'" && rest[j + 1] === "'") text += rest[++j];
        else if (rest[j] === "'") break;
        else text += rest[j];
      }
      if (j >= rest.length) throw invalid('unterminated string literal');
      tokens.push({ kind: 'string', text });
      i += j + 1;
      continue;
    } else if (symbol) tokens.push({ kind: 'symbol', text: symbol[0] });
    else throw invalid(`unexpected character ${JSON.stringify(rest[0])}`);
    i += tokens[tokens.length - 1]!.kind === 'string' ? 0 : (word ?? number ?? symbol)![0].length;
  }
  return tokens;
}

type Expr =
  | { kind: 'column'; name: string }
  | { kind: 'literal'; value: string | number }
  | { kind: 'call'; fn: string; args: Expr[] };

interface SelectItem {
  expr: Expr;
  name: string;
}
interface Comparison {
  left: Expr;
  op: string;
  right: Expr;
}
export interface ParsedQuery {
  items: SelectItem[];
  table: string;
  where: Comparison[];
  groupBy: Expr[];
  orderBy: { expr: Expr; desc: boolean }[];
  limit: number | null;
  offset: number;
  format: 'JSON' | 'JSONEachRow' | 'TabSeparated';
}

const COLUMN = /^(timestamp|index1|_sample_interval|dataset|blob([1-9]|1\d|20)|double([1-9]|1\d|20))$/;
const AGGREGATES = new Set(['count', 'sum', 'min', 'max']);
const SCALARS = new Set(['tounixtimestamp', 'todatetime', 'lower', 'lowerutf8']);

class Parser {
  private at = 0;
  /** Select aliases, which GROUP BY and ORDER BY may name. */
  private readonly aliases = new Set<string>();
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isWord(word: string, offset = 0): boolean {
    return this.peek(offset)?.kind === 'word' && this.peek(offset)!.text.toUpperCase() === word;
  }
  private next(): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) throw invalid('unexpected end of query');
    return token;
  }
  private expectSymbol(symbol: string): void {
    const token = this.next();
    if (token.kind !== 'symbol' || token.text !== symbol) throw invalid(`expected ${symbol} near ${token.text}`);
  }
  private expectWord(word: string): void {
    if (!this.isWord(word)) throw invalid(`expected ${word} near ${this.peek()?.text ?? 'the end'}`);
    this.at++;
  }

  statement(): ParsedQuery | 'SHOW TABLES' {
    if (this.isWord('SHOW')) {
      this.at++;
      this.expectWord('TABLES');
      return 'SHOW TABLES';
    }
    // The API reads data; it has no way to change or delete a row (Analytics Engine never deletes one).
    if (!this.isWord('SELECT')) throw invalid(`unsupported statement: ${this.peek()?.text ?? ''}`);
    this.at++;
    if (this.peek()?.text === '*') throw notInFake('SELECT *');
    const items: SelectItem[] = [];
    do {
      const expr = this.expr();
      let name = render(expr);
      if (this.isWord('AS')) {
        this.at++;
        name = this.next().text;
      }
      items.push({ expr, name });
      this.aliases.add(name);
    } while (this.comma());
    this.expectWord('FROM');
    if (this.peek()?.text === '(') throw notInFake('a subquery in FROM');
    const table = this.next().text;
    if (this.isWord('JOIN') || this.isWord('UNION') || this.isWord('INNER') || this.isWord('LEFT')) {
      throw invalid('queries can only operate on a single table: JOIN and UNION are not supported');
    }
    const where: Comparison[] = [];
    if (this.isWord('WHERE')) {
      this.at++;
      do where.push(this.comparison());
      while (this.and());
      if (this.isWord('OR')) throw notInFake('OR');
    }
    const groupBy: Expr[] = [];
    if (this.isWord('GROUP')) {
      this.at++;
      this.expectWord('BY');
      do groupBy.push(this.expr());
      while (this.comma());
    }
    if (this.isWord('HAVING')) throw notInFake('HAVING');
    const orderBy: { expr: Expr; desc: boolean }[] = [];
    if (this.isWord('ORDER')) {
      this.at++;
      this.expectWord('BY');
      do {
        const expr = this.expr();
        let desc = false;
        if (this.isWord('ASC') || this.isWord('DESC')) desc = this.next().text.toUpperCase() === 'DESC';
        orderBy.push({ expr, desc });
      } while (this.comma());
    }
    let limit: number | null = null;
    let offset = 0;
    if (this.isWord('LIMIT')) {
      this.at++;
      limit = Number(this.next().text);
    }
    if (this.isWord('OFFSET')) {
      this.at++;
      offset = Number(this.next().text);
    }
    let format: ParsedQuery['format'] = 'JSON';
    if (this.isWord('FORMAT')) {
      this.at++;
      const name = this.next().text;
      const known = (['JSON', 'JSONEachRow', 'TabSeparated'] as const).find((each) => each.toLowerCase() === name.toLowerCase());
      if (known === undefined) throw invalid(`unknown format ${name}`);
      format = known;
    }
    if (this.peek()?.text === ';') this.at++;
    if (this.peek() !== undefined) throw invalid(`unexpected ${this.peek()!.text}`);
    if (limit !== null && !Number.isInteger(limit)) throw invalid('LIMIT takes a whole number');
    return { items, table, where, groupBy, orderBy, limit, offset, format };
  }

  private comma(): boolean {
    if (this.peek()?.text !== ',') return false;
    this.at++;
    return true;
  }
  private and(): boolean {
    if (!this.isWord('AND')) return false;
    this.at++;
    return true;
  }

  private comparison(): Comparison {
    const left = this.expr();
    const op = this.next();
    if (op.kind !== 'symbol' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(op.text)) {
      throw op.kind === 'word' ? notInFake(op.text.toUpperCase()) : invalid(`expected a comparison near ${op.text}`);
    }
    return { left, op: op.text === '<>' ? '!=' : op.text, right: this.expr() };
  }

  expr(): Expr {
    const token = this.next();
    if (token.kind === 'word' && token.text.toUpperCase() === 'CASE') {
      // The one refusal whose exact wording is on record (cloudflare/skills#87).
      throw invalid(`unsupported expression type: CASE WHEN ${this.tokens.slice(this.at + 1, this.at + 4).map((t) => (t.kind === 'string' ? `'${t.text}'` : t.text)).join(' ')} ...`);
    }
    let expr: Expr;
    if (token.kind === 'number') expr = { kind: 'literal', value: Number(token.text) };
    else if (token.kind === 'string') expr = { kind: 'literal', value: token.text };
    else if (token.kind === 'word' && this.peek()?.text === '(') {
      this.at++;
      const fn = token.text.toLowerCase();
      const args: Expr[] = [];
      if (this.peek()?.text === '*') throw invalid(`${token.text}(*) is not supported: use count() or count(DISTINCT column)`);
      if (this.peek()?.text !== ')') {
        do args.push(this.expr());
        while (this.comma());
      }
      this.expectSymbol(')');
      if (!AGGREGATES.has(fn) && !SCALARS.has(fn)) throw notInFake(`the function ${token.text}`);
      expr = { kind: 'call', fn, args };
    } else if (token.kind === 'word') {
      if (!COLUMN.test(token.text) && !this.aliases.has(token.text)) throw invalid(`unknown column ${token.text}`);
      expr = { kind: 'column', name: token.text };
    } else throw invalid(`unexpected ${token.text}`);
    if (['+', '-', '*', '/', '%'].includes(this.peek()?.text ?? '')) throw notInFake('arithmetic');
    return expr;
  }
}

function render(expr: Expr): string {
  if (expr.kind === 'column') return expr.name;
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? `'${expr.value}'` : String(expr.value);
  return `${expr.fn}(${expr.args.map(render).join(', ')})`;
}

export function parseQuery(sql: string): ParsedQuery | 'SHOW TABLES' {
  return new Parser(tokenize(sql)).statement();
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

type Value = string | number | Date;
/** A row as a query sees it: its sample interval already multiplied by the resolution it was read at. */
interface ReadRow {
  row: StoredRow;
  interval: number;
}

/** ClickHouse types as the API reports them in `meta`; 64-bit integers print as JSON strings (ClickHouse's default). */
type ColumnType = 'String' | 'DateTime' | 'Float64' | 'UInt32' | 'UInt64';

function columnValue(read: ReadRow, name: string, dataset: string): Value {
  const { row } = read;
  if (name === 'timestamp') return row.timestamp;
  if (name === 'index1') return row.index1;
  if (name === '_sample_interval') return read.interval;
  if (name === 'dataset') return dataset;
  if (name.startsWith('blob')) return row.blobs[Number(name.slice(4)) - 1] ?? '';
  return row.doubles[Number(name.slice(6)) - 1] ?? 0;
}

function isAggregate(expr: Expr): boolean {
  return expr.kind === 'call' && (AGGREGATES.has(expr.fn) || expr.args.some(isAggregate));
}

function typeOf(expr: Expr): ColumnType {
  if (expr.kind === 'literal') return typeof expr.value === 'number' ? 'Float64' : 'String';
  if (expr.kind === 'column') {
    if (expr.name === 'timestamp') return 'DateTime';
    if (expr.name === '_sample_interval') return 'UInt32';
    return expr.name.startsWith('double') ? 'Float64' : 'String';
  }
  switch (expr.fn) {
    case 'count':
      return 'UInt64';
    case 'sum': {
      const inner = typeOf(expr.args[0]!);
      return inner === 'UInt32' || inner === 'UInt64' ? 'UInt64' : 'Float64';
    }
    case 'min':
    case 'max':
      return typeOf(expr.args[0]!);
    case 'tounixtimestamp':
      return 'UInt32';
    case 'todatetime':
      return 'DateTime';
    default:
      return 'String';
  }
}

function toDateTime(value: Value): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  const text = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (text) return new Date(Date.UTC(+text[1]!, +text[2]! - 1, +text[3]!, +text[4]!, +text[5]!, +text[6]!));
  if (/^\d+$/.test(value)) return new Date(Number(value) * 1000);
  throw invalid(`toDateTime cannot parse '${value}'`);
}

function evaluate(expr: Expr, rows: ReadRow[], dataset: string): Value {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'column') {
    if (rows[0] === undefined) throw invalid('no row to read a column from');
    return columnValue(rows[0], expr.name, dataset);
  }
  const numbers = (): number[] => rows.map((row) => toNumber(evaluate(expr.args[0]!, [row], dataset)));
  switch (expr.fn) {
    case 'count':
      return rows.length;
    case 'sum':
      return numbers().reduce((a, b) => a + b, 0);
    case 'min':
    case 'max': {
      if (rows.length === 0) return 0;
      const values = rows.map((row) => evaluate(expr.args[0]!, [row], dataset));
      return values.reduce((best, value) => ((compare(value, best) < 0) === (expr.fn === 'min') ? value : best));
    }
    case 'tounixtimestamp':
      return Math.floor(toDateTime(evaluate(expr.args[0]!, rows, dataset)).getTime() / 1000);
    case 'todatetime':
      return toDateTime(evaluate(expr.args[0]!, rows, dataset));
    default:
      // lower / lowerUTF8: JavaScript's toLowerCase is lowerUTF8; lower() would leave non-ASCII alone.
      return expr.fn === 'lower'
        ? String(evaluate(expr.args[0]!, rows, dataset)).replace(/[A-Z]/g, (c) => c.toLowerCase())
        : String(evaluate(expr.args[0]!, rows, dataset)).toLowerCase();
  }
}

function toNumber(value: Value): number {
  return value instanceof Date ? value.getTime() / 1000 : typeof value === 'number' ? value : Number(value);
}

function compare(a: Value, b: Value): number {
  // A DateTime compares with a DateTime, a unix time or a 'YYYY-MM-DD hh:mm:ss' text, as ClickHouse converts them.
  if (a instanceof Date || b instanceof Date) return toDateTime(a).getTime() - toDateTime(b).getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function holds(op: string, order: number): boolean {
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

/** DateTime as the API prints it: 'YYYY-MM-DD hh:mm:ss' in UTC (SHOW TIMEZONE answers Etc/UTC). */
function print(value: Value, type: ColumnType): string | number {
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (type === 'UInt64') return String(value);
  return value;
}

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

// ---------------------------------------------------------------------------------------------------------------
// The fake service
// ---------------------------------------------------------------------------------------------------------------

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
    if (Buffer.byteLength(index) > MAX_INDEX_BYTES) throw new TypeError(`writeDataPoint(): Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).`);
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

  /** Runs a query the way the API would (exported for direct tests of the fake). */
  execute(sql: string): QueryAnswer {
    const query = parseQuery(sql);
    if (query === 'SHOW TABLES') {
      return { meta: [{ name: 'dataset', type: 'String' }], data: this.stored.length > 0 ? [{ dataset: this.dataset }] : [], rows: this.stored.length > 0 ? 1 : 0 };
    }
    if (query.table !== this.dataset) throw invalid(`unknown table ${query.table}`);
    // WHERE, GROUP BY and ORDER BY may name a select alias: it stands for that item's expression.
    const aliases = new Map(query.items.map((item) => [item.name, item.expr]));
    const resolve = (expr: Expr): Expr => (expr.kind === 'column' ? (aliases.get(expr.name) ?? expr) : expr);
    const visibleFrom = retentionStart(this.now());
    const matched = this.storedRows()
      .filter((row) => row.timestamp.getTime() >= visibleFrom)
      .map((row) => ({ row, interval: row.sampleInterval }))
      .filter((read) => query.where.every((c) => holds(c.op, compare(evaluate(resolve(c.left), [read], this.dataset), evaluate(resolve(c.right), [read], this.dataset)))));
    const groupBy = query.groupBy.map(resolve);
    const grouped = groupBy.length > 0 || query.items.some((item) => isAggregate(item.expr));
    const groupKey = (read: ReadRow): string => JSON.stringify(groupBy.map((expr) => print(evaluate(expr, [read], this.dataset), typeOf(expr))));
    const retrieved = grouped ? (groupBy.length === 0 ? 1 : new Set(matched.map(groupKey)).size) : matched.length;
    const resolution = this.resolution(retrieved, new Set(matched.map((read) => read.row.index1)).size);
    const read = atResolution(matched, resolution);

    let outputs: { rows: ReadRow[] }[];
    if (grouped) {
      const groups = new Map<string, ReadRow[]>();
      for (const each of read) groups.set(groupKey(each), [...(groups.get(groupKey(each)) ?? []), each]);
      outputs = groupBy.length === 0 ? [{ rows: read }] : [...groups.values()].map((rows) => ({ rows }));
    } else {
      outputs = read.map((each) => ({ rows: [each] }));
    }
    const orderValue = (expr: Expr, rows: ReadRow[]): Value => evaluate(resolve(expr), rows, this.dataset);
    outputs.sort((a, b) => {
      for (const order of query.orderBy) {
        const d = compare(orderValue(order.expr, a.rows), orderValue(order.expr, b.rows));
        if (d !== 0) return order.desc ? -d : d;
      }
      return 0;
    });
    const page = outputs.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
    const data = page.map(({ rows }) =>
      Object.fromEntries(query.items.map((item) => [item.name, print(evaluate(item.expr, rows, this.dataset), typeOf(item.expr))])),
    );
    return {
      meta: query.items.map((item) => ({ name: item.name, type: typeOf(item.expr) })),
      data,
      rows: data.length,
      ...(query.limit === null ? {} : { rows_before_limit_at_least: outputs.length }),
    };
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
      const query = parseQuery(body);
      const answer = this.execute(body);
      const format = query === 'SHOW TABLES' ? 'JSON' : query.format;
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
function atResolution(rows: ReadRow[], resolution: number): ReadRow[] {
  if (resolution === 1) return rows;
  const seen = new Map<string, number>();
  const kept: ReadRow[] = [];
  for (const each of [...rows].sort((a, b) => a.row.seq - b.row.seq)) {
    const position = seen.get(each.row.index1) ?? 0;
    seen.set(each.row.index1, position + 1);
    if (position % resolution === 0) kept.push({ row: each.row, interval: each.interval * resolution });
  }
  return kept;
}
