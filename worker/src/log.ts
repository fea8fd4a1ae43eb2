/** Logging of unexpected failures: an event name and the error's name and message, never request data or secrets. */

export function logFailure(event: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  console.error(JSON.stringify({ level: 'error', event, detail }));
}

export function logWarning(event: string, detail: string): void {
  console.warn(JSON.stringify({ level: 'warn', event, detail }));
}
