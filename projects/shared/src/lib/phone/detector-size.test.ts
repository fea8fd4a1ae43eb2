/**
 * The detector ships in the content script (budget 30 KB minified): it must stay small and free of big imports, and
 * carry no region table (the page settings hand it the default country's plan line).
 */
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

describe('findPhoneNumbers bundle', () => {
  const result = buildSync({
    stdin: {
      contents: "export { findPhoneNumbers } from './find-phone-numbers'; export { useNumberingPlans } from './numbering-plan';",
      resolveDir: __dirname,
      loader: 'ts',
    },
    absWorkingDir: resolve(__dirname, '../../../../..'),
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });

  it('is under 8 KB minified (7.2 KB with the calling codes and the plan reader)', () => {
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
    expect(bytes).toBeLessThan(8 * 1024);
  });

  it('carries no table of every region: only the calling codes and their lengths', () => {
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('calling-codes.generated.ts'))).toBe(true);
    expect(inputs.filter((input) => input.includes('numbering-plans'))).toEqual([]);
  });

  it('pulls in nothing from node_modules (no libphonenumber-js, no zod)', () => {
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
  });
});
