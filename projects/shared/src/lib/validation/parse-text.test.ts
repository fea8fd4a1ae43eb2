import * as z from 'zod/mini';
import { describeIssues, jsonOrUndefined, parseJsonWith, parseWith } from './parse-text';

const Pair = z.object({ name: z.string().check(z.minLength(1, 'empty name')), count: z.number() });

describe('parse-text', () => {
  it('reads JSON or gives undefined for anything else', () => {
    expect(jsonOrUndefined('{"a":1}')).toEqual({ a: 1 });
    expect(jsonOrUndefined('{a:1}')).toBeUndefined();
    expect(jsonOrUndefined('')).toBeUndefined();
  });

  it('names every failing path with its message, and never the value that was sent', () => {
    const parsed = Pair.safeParse({ name: '', count: 'secret-value' });
    expect(parsed.success).toBe(false);
    const text = describeIssues(parsed.error?.issues ?? []);
    expect(text).toContain('name: empty name');
    expect(text).toContain('count: ');
    expect(text).not.toContain('secret-value');
    expect(describeIssues(z.string().safeParse(1).error?.issues ?? [])).not.toContain(':');
  });

  it('parses values and JSON text into a Result', () => {
    expect(parseWith(Pair, { name: 'a', count: 2 })).toEqual({ ok: true, data: { name: 'a', count: 2 } });
    expect(parseWith(Pair, { name: 'a' })).toEqual({ ok: false, error: expect.stringContaining('count') });
    expect(parseJsonWith(Pair, '{"name":"b","count":1}')).toEqual({ ok: true, data: { name: 'b', count: 1 } });
    expect(parseJsonWith(Pair, 'not json')).toEqual({ ok: false, error: 'not JSON' });
  });
});
