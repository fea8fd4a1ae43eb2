/**
 * Faults of the platform itself (a KV read or write that fails, a rate-limit binding that fails): the user gets
 * 503 service_unavailable with Retry-After, never 500 internal_error. Every KV namespace a request handler reaches
 * goes through guardedStorage, so no route has to remember it.
 */
import type { Env } from '../env';
import { logFailure } from '../log';
import { Failed, failed } from './failure';

/** A KV namespace whose failing operations throw a platform_fault Failed (503; logged here once, with the binding's words). */
function guardKv(name: string, kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]): Promise<unknown> => {
        try {
          return await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (error instanceof Failed) throw error;
          logFailure(`kv_failed:${name}.${String(property)}`, error);
          throw failed({ reason: 'platform_fault' });
        }
      };
    },
  });
}

const guardedByEnv = new WeakMap<Env, Env>();

/** The env request handlers see: the same bindings, with both KV namespaces guarded. One wrapper per env object. */
export function guardedStorage(env: Env): Env {
  let guarded = guardedByEnv.get(env);
  if (guarded === undefined) {
    guarded = { ...env, SESSIONS: guardKv('SESSIONS', env.SESSIONS), AUDIT_ARCHIVE: guardKv('AUDIT_ARCHIVE', env.AUDIT_ARCHIVE) };
    guardedByEnv.set(env, guarded);
  }
  return guarded;
}
