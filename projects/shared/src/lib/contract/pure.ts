/** Builds the contract's schemas: at module load in the extension, on first use in the Worker (its startup budget). */

/**
 * Set by the Worker's build (wrangler.toml `[define]`): a schema is built on its first use, not while the isolate
 * starts (about half of the Worker's startup CPU was zod building schemas no request had asked for yet). Undefined
 * elsewhere (the extension's builds, the tests' TypeScript), where schemas are built at once.
 */
declare const LAZY_SCHEMAS: boolean | undefined;

/**
 * Runs `build` once. Written `/* @__PURE__ *\/ pure(() => z.object(...))`, it tells bundlers the schema may be
 * dropped when no code imports it: zod's builders are calls, which they must otherwise keep.
 */
export function pure<T extends object>(build: () => T): T {
  return typeof LAZY_SCHEMAS === 'boolean' && LAZY_SCHEMAS ? builtOnFirstUse(build) : build();
}

/** What a stand-in holds: the builder until its first use, then what it built. */
interface Box {
  build: () => object;
  built?: object;
}

const opened = (box: Box): object => (box.built ??= box.build());

/** One handler for every stand-in: it forwards each read to what the box built (a schema is only read). */
const FORWARD: ProxyHandler<Box> = {
  get: (box, key): unknown => Reflect.get(opened(box), key),
  has: (box, key) => Reflect.has(opened(box), key),
  ownKeys: (box) => Reflect.ownKeys(opened(box)),
  // Reported configurable: the stand-in itself has no such property, and a proxy may not claim a fixed one.
  getOwnPropertyDescriptor: (box, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(opened(box), key);
    return descriptor && { ...descriptor, configurable: true };
  },
  getPrototypeOf: (box) => Reflect.getPrototypeOf(opened(box)),
};

/** A stand-in that builds the object on its first use. */
function builtOnFirstUse<T extends object>(build: () => T): T {
  return new Proxy<Box>({ build }, FORWARD) as unknown as T;
}
