/** The detector ships in the content script (budget 30 KB minified): it must stay small and free of big imports. */
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

describe('findPhoneNumbers bundle', () => {
  const result = buildSync({
    stdin: { contents: "export { findPhoneNumbers } from './find-phone-numbers';", resolveDir: __dirname, loader: 'ts' },
    absWorkingDir: resolve(__dirname, '../../../../..'),
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });

  it('is under 8 KB minified (4 KB when written)', () => {
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
    expect(bytes).toBeLessThan(8 * 1024);
  });

  it('pulls in nothing from node_modules (no libphonenumber-js, no zod)', () => {
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
  });
});
