/** Success or failure as a value: the one shape every function that can fail without throwing returns. */

/** `data` on success, `error` on failure; the same shape the runtime messages carry (see contract/messages.ts). */
export type Result<T, E> = { ok: true; data: T } | { ok: false; error: E };

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
