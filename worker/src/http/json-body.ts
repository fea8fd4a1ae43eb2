/** Reads a JSON request body: application/json only, at most MAX_REQUEST_BYTES as streamed, validated with zod. */
import { jsonOrUndefined, MAX_REQUEST_BYTES, parseWith } from '@voipcom/shared';
import type { $ZodType, output } from 'zod/v4/core';
import { ApiError } from './errors';

/** `maxBytes`: MAX_REQUEST_BYTES unless a route takes larger bodies (staff routes only). */
export async function readJsonBody<S extends $ZodType>(request: Request, schema: S, maxBytes = MAX_REQUEST_BYTES): Promise<output<S>> {
  const mediaType = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);

  const text = await readLimited(request, maxBytes);
  const json = jsonOrUndefined(text);
  if (json === undefined) throw new ApiError('invalid_request', 'The body is not valid JSON.');
  const parsed = parseWith(schema, json);
  if (!parsed.ok) throw new ApiError('invalid_request', parsed.error);
  return parsed.data;
}

/** Counts the bytes as they stream in, so a missing or false Content-Length cannot get past the limit. */
async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
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
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid UTF-8.');
  }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('payload_too_large', `The body may be at most ${maxBytes} bytes.`);
}

