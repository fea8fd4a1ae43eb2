/** One bounded HTTP exchange with the NetSapiens API: timeout, JSON decoding, and transport failures as Failed (cause kept). */
import type { Config } from '../config';
import { failed, Failed, type Failure } from '../http/failure';

export interface PbxAnswer {
  status: number;
  /** The parsed JSON body; undefined when the body is empty, not JSON (an HTML page) or malformed. */
  json: unknown;
}

export interface PbxRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to NS_API_BASE, starting with '/'. */
  path: string;
  accessToken?: string;
  body?: unknown;
}

/** Sends the request; the whole exchange, body included, must finish within NS_TIMEOUT_MS. */
export async function pbxRequest(config: Pick<Config, 'nsApiBase' | 'nsTimeoutMs'>, request: PbxRequest): Promise<PbxAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.accessToken !== undefined) headers['Authorization'] = `Bearer ${request.accessToken}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const signal = AbortSignal.timeout(config.nsTimeoutMs);
  try {
    const response = await fetch(`${config.nsApiBase}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: 'manual',
    });
    const text = await response.text();
    if (response.status === 429) throw failed({ reason: 'pbx_busy', retryAfterSeconds: retryAfter(response) });
    return { status: response.status, json: parseJson(text) };
  } catch (error) {
    if (error instanceof Failed) throw error;
    // The transport's error stays as the cause, for the log line (its name and message: never the request's headers).
    throw failed({ reason: signal.aborted ? 'pbx_timeout' : 'pbx_unreachable' }, error);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The PBX's Retry-After in seconds, bounded to 1..3600; 60 when absent or an HTTP date. */
function retryAfter(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isInteger(seconds) && seconds > 0 ? Math.min(seconds, 3600) : 60;
}

/** The failure for an answer the Worker cannot use: a failing status, an HTML page or malformed JSON. */
export function unexpectedAnswer(status?: number): Failure {
  return status !== undefined && status >= 500 ? { reason: 'pbx_failing', status } : { reason: 'pbx_answer_unreadable' };
}
