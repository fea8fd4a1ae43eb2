/** Reads a JSON request body: application/json only, at most MAX_REQUEST_BYTES as streamed, validated with zod. */
import { err, jsonOrUndefined, MAX_REQUEST_BYTES, ok, parseWith, type Result } from '@voipcom/shared';
import type { $ZodType, output } from 'zod/v4/core';
import type { Failure } from './failure';

/** `maxBytes`: MAX_REQUEST_BYTES unless a route takes larger bodies (staff routes only). */
export async function readJsonBody<S extends $ZodType>(
  request: Request,
  schema: S,
  maxBytes = MAX_REQUEST_BYTES,
): Promise<Result<output<S>, Failure>> {
  const mediaType = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return err({ reason: 'not_json_media_type' });
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > maxBytes) return err({ reason: 'body_too_large', maxBytes });

  const text = await readLimited(request, maxBytes);
  if (!text.ok) return text;
  const json = jsonOrUndefined(text.data);
  if (json === undefined) return err({ reason: 'body_not_json' });
  const parsed = parseWith(schema, json);
  return parsed.ok ? ok(parsed.data) : err({ reason: 'invalid_input', issues: parsed.error });
}

/** Counts the bytes as they stream in, so a missing or false Content-Length cannot get past the limit. */
async function readLimited(request: Request, maxBytes: number): Promise<Result<string, Failure>> {
  if (request.body === null) return ok('');
  // A request body is a byte stream; workers-types leaves its chunks typed `any`.
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return err({ reason: 'body_too_large', maxBytes });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return err({ reason: 'body_not_utf8' });
  }
}
