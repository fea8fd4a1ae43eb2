/** node:http plumbing: reading and validating JSON request bodies, writing JSON, empty and `{code, message}` error responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonOrUndefined, parseWith } from '@voipcom/shared';
import type { $ZodType, output } from 'zod/v4/core';

/** Far above any real NetSapiens request; stops a runaway test from filling memory. */
const MAX_BODY_BYTES = 64 * 1024;

/** Thrown by handlers to answer with an ErrorResponse `{code, message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Reads and parses a JSON body; anything else is a 400, as NetSapiens answers it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(400, 'Content-Type must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(400, 'Request body is too large');
    chunks.push(chunk);
  }
  const json = jsonOrUndefined(Buffer.concat(chunks).toString('utf8'));
  if (json === undefined) throw new HttpError(400, 'Request body is not valid JSON');
  return json;
}

/** `value` checked against `schema`; a 400 whose message says what is wrong otherwise. */
export function validOr400<S extends $ZodType>(schema: S, value: unknown): output<S> {
  const parsed = parseWith(schema, value);
  if (!parsed.ok) throw new HttpError(400, parsed.error);
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}

export function sendError(res: ServerResponse, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, status, { code: status, message }, headers);
}
