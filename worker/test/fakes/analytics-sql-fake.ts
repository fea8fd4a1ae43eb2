/** A local stand-in for the Workers Analytics Engine SQL API: answers SELECTs over rows a test seeds. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored data point; columns as the SQL API names them (timestamp, index1, blob1..20, double1..20). */
export interface FakeRow {
  timestamp: Date;
  index1: string;
  _sample_interval?: number;
  [column: `blob${number}`]: string | undefined;
  [column: `double${number}`]: number | undefined;
}

type Value = string | number;
type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
interface Condition {
  column: string;
  op: Comparison;
  value: Value | Date;
}
type Fn = 'toUnixTimestamp' | 'lower' | null;
interface SelectItem {
  expr: string;
  fn: Fn;
  name: string;
}
interface ParsedQuery {
  select: SelectItem[];
  table: string;
  where: Condition[];
  orderBy: { column: string; fn: Fn; desc: boolean }[];
  limit: number | null;
  offset: number;
  format: string;
}

/** A refusal the fake answers instead of the next query (status and raw body). */
export interface InjectedFault {
  status: number;
  body: string;
  contentType?: string;
}

class SqlError extends Error {}

const COLUMN = /^(timestamp|index1|_sample_interval|dataset|blob([1-9]|1\d|20)|double([1-9]|1\d|20))$/;

/** Splits on commas outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** `toUnixTimestamp(col)`, `lower(col)` / `lowerUTF8(col)` or a bare column. */
function parseFunction(name: string | undefined): Fn {
  if (name === undefined) return null;
  return name.toLowerCase() === 'tounixtimestamp' ? 'toUnixTimestamp' : 'lower';
}

function parseSelectItem(text: string): SelectItem {
  const m = /^(?:(toUnixTimestamp|lowerUTF8|lower)\(\s*(\w+)\s*\)|(\w+))(?:\s+AS\s+(\w+))?$/i.exec(text);
  if (!m) throw new SqlError(`unsupported select expression: ${text}`);
  const expr = (m[2] ?? m[3] ?? '').toString();
  if (!COLUMN.test(expr)) throw new SqlError(`unknown column: ${expr}`);
  const fn = parseFunction(m[1]);
  return { expr, fn, name: m[4] ?? (m[1] ? `${m[1]}(${expr})` : expr) };
}

function parseDateTime(literal: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(literal);
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  if (/^\d+$/.test(literal)) return new Date(Number(literal) * 1000);
  throw new SqlError(`toDateTime cannot parse '${literal}'`);
}

function parseCondition(text: string): Condition {
  const m = /^(\w+)\s*(>=|<=|!=|=|<|>)\s*(.+)$/.exec(text.trim());
  if (!m) throw new SqlError(`unsupported condition: ${text}`);
  const [, column, op, rhs] = m as unknown as [string, string, Comparison, string];
  if (!COLUMN.test(column)) throw new SqlError(`unknown column: ${column}`);
  const dt = /^toDateTime\(\s*'([^']*)'\s*\)$/i.exec(rhs) ?? /^toDateTime\(\s*(\d+)\s*\)$/i.exec(rhs);
  if (dt) return { column, op, value: parseDateTime(dt[1]!) };
  const str = /^'((?:[^'\\]|\\.)*)'$/.exec(rhs);
  if (str) return { column, op, value: str[1]!.replace(/\\(.)/g, '$1') };
  if (/^-?\d+(\.\d+)?$/.test(rhs)) return { column, op, value: Number(rhs) };
  throw new SqlError(`unsupported literal: ${rhs}`);
}

/** Parses the subset of Analytics Engine SQL the export uses; anything else is a 400, so drift shows. */
export function parseQuery(sql: string): ParsedQuery {
  const m =
    /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?(?:\s+OFFSET\s+(\d+))?(?:\s+FORMAT\s+(\w+))?\s*;?\s*$/is.exec(
      sql,
    );
  if (!m) throw new SqlError('syntax error');
  const [, selectText, table, whereText, orderText, limitText, offsetText, formatText] = m;
  const select = splitTopLevel(selectText!).map(parseSelectItem);
  const where = whereText ? whereText.split(/\s+AND\s+/i).map(parseCondition) : [];
  const orderBy = orderText
    ? splitTopLevel(orderText).map((part) => {
        const o = /^(?:(lowerUTF8|lower)\(\s*(\w+)\s*\)|(\w+))(?:\s+(ASC|DESC))?$/i.exec(part);
        if (!o) throw new SqlError(`unsupported ORDER BY: ${part}`);
        return { column: (o[2] ?? o[3])!, fn: parseFunction(o[1]), desc: (o[4] ?? '').toUpperCase() === 'DESC' };
      })
    : [];
  const format = (formatText ?? 'JSON').toUpperCase();
  if (format !== 'JSON') throw new SqlError(`the fake answers FORMAT JSON only, not ${format}`);
  return {
    select,
    table: table!,
    where,
    orderBy,
    limit: limitText === undefined ? null : Number(limitText),
    offset: offsetText === undefined ? 0 : Number(offsetText),
    format,
  };
}

function columnValue(row: FakeRow, column: string, dataset: string): Value | Date {
  if (column === 'timestamp') return row.timestamp;
  if (column === 'dataset') return dataset;
  if (column === '_sample_interval') return row._sample_interval ?? 1;
  if (column === 'index1') return row.index1;
  if (column.startsWith('blob')) return row[column as `blob${number}`] ?? '';
  return row[column as `double${number}`] ?? 0;
}

function compare(a: Value | Date, b: Value | Date): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

function matches(c: Comparison, order: number): boolean {
  switch (c) {
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
    case '>=':
      return order >= 0;
  }
}

/** ClickHouse's DateTime text form, as the SQL API prints it. */
function formatDateTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function metaType(item: SelectItem): string {
  if (item.fn === 'toUnixTimestamp') return 'UInt32';
  if (item.fn === 'lower') return 'String';
  if (item.expr === 'timestamp') return 'DateTime';
  if (item.expr === '_sample_interval') return 'UInt32';
  if (item.expr.startsWith('double')) return 'Float64';
  return 'String';
}

function apply(fn: Fn, v: Value | Date): Value | Date {
  if (fn === 'toUnixTimestamp') return Math.floor((v as Date).getTime() / 1000);
  if (fn === 'lower') return String(v).toLowerCase();
  return v;
}

function output(row: FakeRow, item: SelectItem, dataset: string): Value {
  const v = apply(item.fn, columnValue(row, item.expr, dataset));
  return v instanceof Date ? formatDateTime(v) : v;
}

/** A running fake: seed rows, read the queries it received, inject faults. */
export class AnalyticsSqlFake {
  readonly rows: FakeRow[] = [];
  /** Every SQL text received with a valid token, in order. */
  readonly queries: string[] = [];
  private faults: (InjectedFault | null)[] = [];
  private server: Server | null = null;
  private port = 0;

  constructor(
    readonly accountId: string,
    readonly token: string,
    readonly dataset: string,
  ) {}

  /** The account-scoped endpoint, as the real API's `/client/v4/accounts/<id>/analytics_engine/sql`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/client/v4/accounts/${this.accountId}/analytics_engine/sql`;
  }

  seed(rows: FakeRow[]): void {
    this.rows.push(...rows);
  }

  clear(): void {
    this.rows.length = 0;
    this.queries.length = 0;
    this.faults = [];
  }

  /** The next queries are answered with these faults, one each (null: a normal answer), then service resumes. */
  injectFaults(...faults: (InjectedFault | null)[]): void {
    this.faults.push(...faults);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  /** Runs a query the way the API would (exported for direct tests of the fake). */
  execute(sql: string): { meta: { name: string; type: string }[]; data: Record<string, Value>[]; rows: number; rows_before_limit_at_least: number } {
    const q = parseQuery(sql);
    if (q.table !== this.dataset) throw new SqlError(`unknown table ${q.table}`);
    // An alias in ORDER BY stands for its select expression.
    const aliases = new Map(q.select.map((s) => [s.name, s]));
    const orderBy = q.orderBy.map((o) => {
      const alias = o.fn === null ? aliases.get(o.column) : undefined;
      const column = alias?.expr ?? o.column;
      if (!COLUMN.test(column)) throw new SqlError(`unknown column in ORDER BY: ${o.column}`);
      return { column, fn: alias?.fn ?? o.fn, desc: o.desc };
    });
    const filtered = this.rows.filter((row) =>
      q.where.every((c) => matches(c.op, compare(columnValue(row, c.column, this.dataset), c.value))),
    );
    const sorted = [...filtered].sort((a, b) => {
      for (const o of orderBy) {
        const d = compare(apply(o.fn, columnValue(a, o.column, this.dataset)), apply(o.fn, columnValue(b, o.column, this.dataset)));
        if (d !== 0) return o.desc ? -d : d;
      }
      return 0;
    });
    const page = sorted.slice(q.offset, q.limit === null ? undefined : q.offset + q.limit);
    const data = page.map((row) => Object.fromEntries(q.select.map((s) => [s.name, output(row, s, this.dataset)])));
    return {
      meta: q.select.map((s) => ({ name: s.name, type: metaType(s) })),
      data,
      rows: data.length,
      rows_before_limit_at_least: sorted.length,
    };
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
    if (fault !== null) {
      send(fault.status, fault.body, fault.contentType ?? 'application/json');
      return;
    }
    try {
      send(200, JSON.stringify(this.execute(body)));
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      send(400, `Code: 62. DB::Exception: ${err.message}`, 'text/plain');
    }
  }
}

/** The row the SQL API would hold for a data point the Worker wrote (as the harness records them). */
export function rowFromDataPoint(point: { indexes?: (string | null)[]; blobs?: (string | null)[]; doubles?: number[] }, timestamp: Date): FakeRow {
  const row: FakeRow = { timestamp, index1: point.indexes?.[0] ?? '' };
  (point.blobs ?? []).forEach((blob, i) => {
    row[`blob${i + 1}`] = blob ?? '';
  });
  (point.doubles ?? []).forEach((double, i) => {
    row[`double${i + 1}`] = double;
  });
  return row;
}
