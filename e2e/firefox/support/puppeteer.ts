/**
 * puppeteer-core for Jest. It ships ES modules only, which Jest's CommonJS runtime cannot load (before Node 24.9):
 * esbuild (already here for Angular) bundles it once into one CommonJS file, then Jest requires that.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as PuppeteerCore from 'puppeteer-core';

const ROOT = join(__dirname, '..', '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules/puppeteer-core/package.json'), 'utf8')) as { version: string };
const bundle = join(ROOT, 'dist', 'test-tools', `puppeteer-core-${version}.cjs`);

if (!existsSync(bundle)) {
  mkdirSync(join(ROOT, 'dist', 'test-tools'), { recursive: true });
  buildSync({
    entryPoints: [join(ROOT, 'node_modules/puppeteer-core/lib/puppeteer/puppeteer-core.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: bundle,
    logLevel: 'error',
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is built at run time, above
export const puppeteer = (require(bundle) as typeof PuppeteerCore).default;
