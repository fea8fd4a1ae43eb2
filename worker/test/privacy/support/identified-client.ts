/** Requests that carry a distinctive User-Agent and client IP, so a privacy test can prove neither is kept. */
import { SignInResponseSchema } from '@voipcom/shared';
import type { Harness } from '../../harness';

export interface RequestIdentity {
  userAgent: string;
  ip: string;
}

export interface IdentifiedClient {
  send: (path: string, init?: Parameters<Harness['fetch']>[1]) => ReturnType<Harness['fetch']>;
  /** Signs in (expecting 201) and returns the session id. */
  signIn: (json: Record<string, string>) => Promise<string>;
}

/** `harness` is a getter because suites start their harness in beforeAll. */
export function identifiedClient(harness: () => Harness, identity: RequestIdentity): IdentifiedClient {
  const send: IdentifiedClient['send'] = (path, init = {}) =>
    harness().fetch(path, { ...init, ip: identity.ip, headers: { 'User-Agent': identity.userAgent, ...init.headers } });
  return {
    send,
    async signIn(json) {
      const response = await send('/v1/session', { method: 'POST', json });
      expect(response.status).toBe(201);
      return SignInResponseSchema.parse(await response.json()).session;
    },
  };
}
