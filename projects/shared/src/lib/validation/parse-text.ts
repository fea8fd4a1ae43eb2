/** Reading untrusted text and values with a zod schema into a Result whose error says what is wrong, never what was sent. */
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { err, ok, type Result } from '../result/result';

/** The JSON value in `text`, or undefined when it is not JSON: callers treat both "absent" and "corrupt" alike. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * "path: message; …" for the first five issues of a failed parse. zod's messages name the rule, never the value
 * sent, so the text can go into a log or an error answer without leaking a password.
 */
export function describeIssues(issues: readonly $ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** `value` checked against `schema`; the error is `describeIssues` of what failed. */
export function parseWith<S extends $ZodType>(schema: S, value: unknown): Result<output<S>, string> {
  const parsed = safeParse(schema, value);
  return parsed.success ? ok(parsed.data) : err(describeIssues(parsed.error.issues));
}

/** `text` read as JSON and checked against `schema`; text that is not JSON is an error like any other. */
export function parseJsonWith<S extends $ZodType>(schema: S, text: string): Result<output<S>, string> {
  const value = jsonOrUndefined(text);
  return value === undefined ? err('not JSON') : parseWith(schema, value);
}
