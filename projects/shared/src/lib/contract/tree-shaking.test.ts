/**
 * The contract serves the Worker and the extension: a bundle must keep only the schemas it imports (pure.ts), or
 * the background and popup carry the Worker's admin schemas and zod itself against their size budgets.
 */
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

/** The minified ESM bundle of `entry`, resolved from this folder, as the extension's builds would tree-shake it. */
function bundle(entry: string): string {
  const result = buildSync({
    stdin: { contents: entry, resolveDir: __dirname, loader: 'ts' },
    absWorkingDir: resolve(__dirname, '../../../../..'),
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.map((file) => file.text).join('');
}

describe('contract bundles', () => {
  it('keep a schema the entry uses and drop the Worker-only schemas it does not', () => {
    const code = bundle(
      "import { SessionStatusResponseSchema, SignInResponseSchema } from '../../public-api'; console.log(SignInResponseSchema.safeParse(0), SessionStatusResponseSchema.safeParse(0));",
    );
    // SessionIdSchema's pattern: the imported schema and what it is built from are there, zod with them.
    expect(code).toContain('[A-Za-z0-9_-]{43}');
    expect(code).toContain('ZodMiniObject');
    expect(code).toContain('ZodMiniISODateTime'); // SessionStatusResponseSchema's expiresAt
    expect(code).not.toContain('Each do-not-call entry'); // DoNotCallEntrySchema (organisation rules)
    expect(code).not.toContain('auditRecordsDeleted'); // PurgeResponseSchema (admin purge)
    expect(code).not.toContain('ZodMiniISODuration'); // read through z.iso, the namespace object would keep it (iso-dates.ts)
  });

  it('hold no zod at all for an entry that imports only plain values (as the popup does)', () => {
    const code = bundle("import { API_PATHS, DEFAULT_SETTINGS } from '../../public-api'; console.log(API_PATHS, DEFAULT_SETTINGS);");
    expect(code).toContain('/v1/numbers/describe');
    expect(code).not.toContain('ZodMini');
  });
});
