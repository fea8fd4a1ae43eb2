/** UTC calendar days as `YYYY-MM-DD` strings: the unit the export and the archive keys work in. */

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC day, `YYYY-MM-DD`. */
export type UtcDay = string;

export function isUtcDay(text: string): text is UtcDay {
  return DAY_PATTERN.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

export function utcDayOf(epochMs: number): UtcDay {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch at 00:00:00 UTC of the day. */
export function dayStartMs(day: UtcDay): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: UtcDay, days: number): UtcDay {
  return utcDayOf(dayStartMs(day) + days * DAY_MS);
}

/** Days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: UtcDay, b: UtcDay): number {
  return Math.round((dayStartMs(b) - dayStartMs(a)) / DAY_MS);
}
