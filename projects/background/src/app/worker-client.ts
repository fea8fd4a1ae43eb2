/** The Worker's HTTP API as typed calls: zod-validated answers, failures mapped to the popup's error codes. */
import { inject, Injectable } from '@angular/core';
import {
  API_PATHS,
  CallStatusResponseSchema,
  DevicesResponseSchema,
  ErrorBodySchema,
  FirstLegResponseSchema,
  NumberDescriptionSchema,
  OrgRulesResponseSchema,
  PlaceCallResponseSchema,
  PolicyResponseSchema,
  SessionStatusResponseSchema,
  SignInResponseSchema,
  type CallState,
  type CallStatusResponse,
  type Device,
  type FirstLegWarning,
  type MessageError,
  type NumberDescription,
  type OrgRules,
  type PlaceCallRequest,
  type PlaceCallResponse,
  type PolicyResponse,
  type SessionStatusResponse,
  type SignInRequest,
  type SignInResponse,
  err,
  ok,
  type Result,
} from '@voipcom/shared';
import * as z from 'zod/mini';
import { FETCH, IS_ONLINE } from './platform';
import { WorkerConfig } from './worker-config';

const OFFLINE: MessageError = { code: 'offline', message: 'You are offline. Check your connection and try again.' };
const UNREACHABLE: MessageError = {
  code: 'worker_unreachable',
  message: 'The Voipcom service cannot be reached right now. Try again in a moment.',
};
const BAD_ANSWER: MessageError = {
  code: 'upstream_error',
  message: 'The Voipcom service gave an answer the extension does not understand.',
  detail: 'bad_answer',
};

/** Longer than the Worker's own PBX timeout (NS_TIMEOUT_MS in wrangler.toml: keep this above it), so a slow PBX is reported by the Worker, not guessed here. */
const REQUEST_TIMEOUT_MS = 15_000;
/**
 * The confirmation window waits for a number's description and the first-leg warnings before Call arms: a slow
 * Worker must not hold it up long (past this, no warning is shown and the call stays possible).
 */
export const DESCRIBE_TIMEOUT_MS = 3_000;

interface Request {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  session?: string;
  body?: object;
  timeoutMs?: number;
}

@Injectable()
export class WorkerClient {
  private readonly config = inject(WorkerConfig);
  private readonly fetch = inject(FETCH);
  private readonly isOnline = inject(IS_ONLINE);

  signIn(request: SignInRequest): Promise<Result<SignInResponse, MessageError>> {
    return this.call({ method: 'POST', path: API_PATHS.session, body: request }, SignInResponseSchema);
  }

  sessionStatus(session: string): Promise<Result<SessionStatusResponse, MessageError>> {
    return this.call({ method: 'GET', path: API_PATHS.session, session }, SessionStatusResponseSchema);
  }

  signOut(session: string): Promise<Result<unknown, MessageError>> {
    return this.call({ method: 'DELETE', path: API_PATHS.session, session }, z.unknown());
  }

  placeCall(session: string, request: PlaceCallRequest): Promise<Result<PlaceCallResponse, MessageError>> {
    return this.call({ method: 'POST', path: API_PATHS.calls, session, body: request }, PlaceCallResponseSchema);
  }

  /** The Worker's reading of a number the user is about to confirm: country, type, whether it would dial it. */
  describeNumber(session: string, number: string): Promise<Result<NumberDescription, MessageError>> {
    const request = { method: 'POST', path: API_PATHS.describeNumber, session, body: { number }, timeoutMs: DESCRIBE_TIMEOUT_MS } as const;
    return this.call(request, NumberDescriptionSchema);
  }

  /** Will the user's phone ring for a dial now (`device`: the phone chosen to ring first, or null for all)? */
  async firstLeg(session: string, device: string | null): Promise<Result<FirstLegWarning[], MessageError>> {
    const query = device === null ? '' : `?device=${encodeURIComponent(device)}`;
    const request = { method: 'GET', path: `${API_PATHS.firstLeg}${query}`, session, timeoutMs: DESCRIBE_TIMEOUT_MS } as const;
    const result = await this.call(request, FirstLegResponseSchema);
    return result.ok ? ok(result.data.warnings) : result;
  }

  /** The destination rules of the user's own organisation, read-only. */
  async orgRules(session: string): Promise<Result<OrgRules, MessageError>> {
    const result = await this.call({ method: 'GET', path: API_PATHS.orgRules, session }, OrgRulesResponseSchema);
    return result.ok ? ok(result.data.rules) : result;
  }

  /** Where the call is now, read from the PBX by the Worker; `seen` (the last state we saw) lets it tell why a call ended. */
  callStatus(session: string, callId: string, seen: CallState): Promise<Result<CallStatusResponse, MessageError>> {
    return this.call({ method: 'GET', path: `${API_PATHS.calls}/${callId}?seen=${seen}`, session }, CallStatusResponseSchema);
  }

  /** Cancels the call while it rings, hangs it up once connected; ending an ended call is fine too. */
  endCall(session: string, callId: string): Promise<Result<unknown, MessageError>> {
    return this.call({ method: 'DELETE', path: `${API_PATHS.calls}/${callId}`, session }, z.unknown());
  }

  async devices(session: string): Promise<Result<Device[], MessageError>> {
    const result = await this.call({ method: 'GET', path: API_PATHS.devices, session }, DevicesResponseSchema);
    return result.ok ? ok(result.data.devices) : result;
  }

  policy(): Promise<Result<PolicyResponse, MessageError>> {
    return this.call({ method: 'GET', path: API_PATHS.policy }, PolicyResponseSchema);
  }

  private async call<T>(request: Request, schema: z.ZodMiniType<T>): Promise<Result<T, MessageError>> {
    if (!this.isOnline()) return err(OFFLINE);
    let response: Response;
    try {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (request.session) headers['Authorization'] = `Bearer ${request.session}`;
      if (request.body) headers['Content-Type'] = 'application/json';
      response = await this.fetch(`${await this.config.baseUrl()}${request.path}`, {
        method: request.method,
        headers,
        body: request.body ? JSON.stringify(request.body) : undefined,
        // The session id travels in the header only; no cookies, no cache of personal answers.
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch {
      return err(this.isOnline() ? UNREACHABLE : OFFLINE);
    }
    const body = await readJson(response);
    if (!response.ok) return err(toMessageError(response, body));
    if (response.status === 204) return parse(schema, null);
    return parse(schema, body);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function parse<T>(schema: z.ZodMiniType<T>, body: unknown): Result<T, MessageError> {
  const parsed = schema.safeParse(body);
  return parsed.success ? ok(parsed.data) : err(BAD_ANSWER);
}

function toMessageError(response: Response, body: unknown): MessageError {
  const parsed = ErrorBodySchema.safeParse(body);
  // A failure without our error body came from something in between (a proxy, Cloudflare itself).
  if (!parsed.success) return response.status >= 500 ? UNREACHABLE : BAD_ANSWER;
  const { code, message, refusal } = parsed.data.error;
  const error: MessageError = { code, message, ...(refusal && { refusal }) };
  const retryAfter = response.headers.get('Retry-After');
  if (parsed.data.error.code === 'rate_limited' && retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
    error.retryAfter = Number(retryAfter);
  }
  return error;
}
