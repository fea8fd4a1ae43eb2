/** `pure` (pure.ts): at once in the extension; in the Worker (LAZY_SCHEMAS), a stand-in built on its first use. */
import * as z from 'zod/mini';
import { pure } from './pure';

const scope = globalThis as { LAZY_SCHEMAS?: boolean };

describe('pure', () => {
  afterEach(() => delete scope.LAZY_SCHEMAS);

  it('builds at once where LAZY_SCHEMAS is not defined (the extension)', () => {
    let builds = 0;
    pure(() => (builds++, z.string()));
    expect(builds).toBe(1);
  });

  it('in the Worker, builds nothing until first use, then once, and reads as the schema itself', () => {
    scope.LAZY_SCHEMAS = true;
    let builds = 0;
    const Inner = pure(() => (builds++, z.strictObject({ n: z.int() })));
    const Outer = pure(() => z.object({ inner: Inner, tag: z.enum(['a', 'b']) }));
    expect(builds).toBe(0);
    // Used the ways the Worker uses schemas: parsed, composed (shape, partial), checked with `in`, listed.
    expect(Outer.safeParse({ inner: { n: 1 }, tag: 'a' }).success).toBe(true);
    expect(Outer.safeParse({ inner: { n: 1, extra: 0 }, tag: 'a' }).success).toBe(false);
    expect(builds).toBe(1);
    expect(z.partial(Inner).safeParse({}).success).toBe(true);
    expect(z.object({ ...Outer.shape }).safeParse({ inner: { n: 2 }, tag: 'b' }).success).toBe(true);
    expect('_zod' in Inner).toBe(true);
    expect(Object.keys(Inner)).toEqual(Object.keys(z.strictObject({ n: z.int() })));
    expect(builds).toBe(1);
  });

  it('in the Worker, a table of schemas lists its keys and entries as the table would', () => {
    scope.LAZY_SCHEMAS = true;
    const table = pure(() => ({ first: z.string(), second: z.int() }));
    expect(Object.keys(table)).toEqual(['first', 'second']);
    expect(Object.entries(table).map(([key, schema]) => [key, schema.safeParse(1).success])).toEqual([
      ['first', false],
      ['second', true],
    ]);
  });
});
