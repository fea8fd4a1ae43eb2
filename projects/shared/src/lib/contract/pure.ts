/**
 * Runs `build` once, at module load. Written `/* @__PURE__ *\/ pure(() => z.object(...))`, it tells bundlers the
 * schema may be dropped when no code imports it: zod's builders are calls, which they must otherwise keep.
 */
export function pure<T>(build: () => T): T {
  return build();
}
