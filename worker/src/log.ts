/** The Worker's one log writer: JSON lines with a level and an event name, never request data or secrets. */

/** Unexpected failures: the error's name and message only. */
export function logFailure(event: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  console.error(JSON.stringify({ level: 'error', event, detail }));
}

export function logWarning(event: string, detail: string): void {
  console.warn(JSON.stringify({ level: 'warn', event, detail }));
}

/** Records of what happened (a purge, an audit read, a nightly run): counts, days and hashed accounts, never uids or numbers. */
export function logInfo(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ level: 'info', event, ...fields }));
}
