/**
 * ISO 8601 date and date-time schemas, exactly `z.iso.date()` and `z.iso.datetime()`, built without the `z.iso`
 * namespace: reading that object keeps zod's time and duration schemas in every bundle.
 */
import * as z from 'zod/mini';
import { _isoDate, _isoDateTime } from 'zod/v4/core';

/** `z.iso.date()`: YYYY-MM-DD. */
export function isoDate(): z.ZodMiniISODate {
  return _isoDate(z.ZodMiniISODate);
}

/** `z.iso.datetime()`: an ISO 8601 date-time in UTC (Z). */
export function isoDateTime(): z.ZodMiniISODateTime {
  return _isoDateTime(z.ZodMiniISODateTime);
}
