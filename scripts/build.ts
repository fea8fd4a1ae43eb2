/**
 * `npm run build`: the extension into dist/extension (Angular build system, then a terser pass over the popup's and
 * the background's modules), the same files with Firefox's manifest into dist/extension-firefox, and the Worker
 * bundle into dist/worker.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findInlineScriptProblems } from './build/check-popup-html';
import { minifyModuleFile } from './build/minify-bundle';
import { firefoxManifest, renderManifest, workerOrigin } from './build/manifest';
import { auditCatalogue } from './i18n/catalogue-audit';
import { NUMBERING_PLANS_FILE_NAME } from '../projects/shared/src/lib/phone/numbering-plan-lines';
import { NUMBERING_PLANS } from '../projects/shared/src/lib/phone/numbering-plans.generated';

const root = resolve(__dirname, '..');
const out = join(root, 'dist/extension');
const firefoxOut = join(root, 'dist/extension-firefox');
const workerUrl = process.env['WORKER_URL'] ?? 'http://127.0.0.1:8787';

/** Runs a tool from node_modules/.bin with Node 22 first on PATH; stops the build when it fails. */
function run(command: string, args: string[]): void {
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` };
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const origin = workerOrigin(workerUrl);
const catalogueProblems = auditCatalogue(root);
if (catalogueProblems.length > 0) {
  console.error(`build: the text catalogue (projects/extension/_locales) does not match the code:\n  ${catalogueProblems.join('\n  ')}`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

run('ng', ['build', 'popup']);
run('ng', ['build', 'background']);
run('ng', ['build', 'content']);

// esbuild minified the popup's and the background's modules; terser takes a further 3-4 % off (their size budgets,
// see scripts/build/minify-bundle.ts). The content script is a classic script whose top-level names are globals.
for (const bundle of [join(out, 'main.js'), join(out, 'background/main.js')]) {
  const { before, after } = minifyModuleFile(bundle);
  console.log(`build: ${bundle.slice(root.length + 1)} ${before} -> ${after} bytes (terser)`);
}

const template = readFileSync(join(root, 'projects/extension/manifest.json'), 'utf8');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(out, 'manifest.json'), renderManifest(template, origin, version));
// The background reads the Worker base URL from here at start-up (see projects/background/src/app/worker-config.ts).
writeFileSync(join(out, 'config.json'), `${JSON.stringify({ workerUrl: workerUrl.replace(/\/+$/, '') })}\n`);
cpSync(join(root, 'projects/extension/icons'), join(out, 'icons'), {
  recursive: true,
  filter: (source) => !source.endsWith('.svg'),
});
// The text catalogue (chrome.i18n reads _locales/<language>/messages.json) and the organisation policy's schema.
cpSync(join(root, 'projects/extension/_locales'), join(out, '_locales'), { recursive: true });
cpSync(join(root, 'projects/extension/managed-schema.json'), join(out, 'managed-schema.json'));
// Every region's numbering plan (scripts/phone/numbering-plans.ts), as data: the background hands a page its user's
// country's line and the popup reads with it; in their bundles it would cost each about 15 KB of its size budget.
writeFileSync(join(out, NUMBERING_PLANS_FILE_NAME), NUMBERING_PLANS);

const problems = findInlineScriptProblems(readFileSync(join(out, 'popup.html'), 'utf8'));
if (problems.length > 0) {
  console.error(`build: popup.html breaks the extension CSP:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nbuild: extension in dist/extension (Worker ${origin})`);

// One build, two manifests: Firefox runs the same files.
rmSync(firefoxOut, { recursive: true, force: true });
cpSync(out, firefoxOut, { recursive: true });
writeFileSync(join(firefoxOut, 'manifest.json'), firefoxManifest(readFileSync(join(out, 'manifest.json'), 'utf8')));
console.log('build: Firefox extension in dist/extension-firefox');

run('wrangler', ['deploy', '--dry-run', '--outdir', 'dist/worker']);
console.log('build: Worker bundle in dist/worker');
