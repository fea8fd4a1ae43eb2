/**
 * `npm run release`: what goes out. A Chrome Web Store zip (its manifest without `key`, against an https: Worker;
 * Edge Add-ons takes the same zip), an unsigned Firefox .xpi for addons.mozilla.org (the same files, the manifest
 * changed only where Firefox needs it: scripts/build/manifest.ts, firefoxManifest) and, given a signing key, a signed .crx with its update manifest for organisations that force-install the
 * extension from their own server (ExtensionInstallForcelist). The version is package.json's.
 *
 *   WORKER_URL=https://c2d.example.com npm run release -- [--crx-key /path/key.pem --host-url https://intranet/c2d/]
 *   [--out release] [--skip-build]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync, type Zippable } from 'fflate';
import { firefoxManifest, GECKO_ID, renderManifest, workerOrigin } from './build/manifest';
import { extensionIdOf, packCrx, updateManifest } from './release/crx';

const root = resolve(__dirname, '..');
const dist = join(root, 'dist/extension');

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'release' },
    'crx-key': { type: 'string' },
    'host-url': { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

const workerUrl = process.env['WORKER_URL'] ?? fail('set WORKER_URL to the deployed Worker (https://…)');
const origin = workerOrigin(workerUrl);
if (!origin.startsWith('https:')) fail(`a release talks to its Worker over https: only, got ${workerUrl}`);
const crxKeyPath = args['crx-key'];
const hostUrl = args['host-url'];
if ((crxKeyPath === undefined) !== (hostUrl === undefined)) fail('--crx-key and --host-url go together');
if (
  hostUrl !== undefined &&
  !/^https:\/\/[^/]+\/(.*\/)?$/.test(hostUrl) &&
  !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/(.*\/)?$/.test(hostUrl)
) {
  fail(`--host-url must be an https: folder URL ending in / (http: only on this machine), got ${hostUrl}`);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const name = `voipcom-click-to-dial-${version}`;
const out = resolve(root, args.out);

if (!args['skip-build']) {
  // The bundles do not depend on the Worker URL: build them as usual (dist/extension stays the local build) and
  // give the release its own manifest and config.json below.
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` };
  delete env['WORKER_URL'];
  const build = spawnSync('tsx', [join(root, 'scripts/build.ts')], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed');
}

/**
 * dist/extension with the release's manifest (no `key`, plus `extra`) and config.json, as zip entries;
 * `firefox`: that manifest made Firefox's.
 */
function packageFiles(extra: Record<string, unknown>, firefox = false): Zippable {
  const stage = join(out, `${name}-stage`);
  rmSync(stage, { recursive: true, force: true });
  cpSync(dist, stage, { recursive: true });
  const manifest = JSON.parse(
    renderManifest(readFileSync(join(root, 'projects/extension/manifest.json'), 'utf8'), origin, version),
  ) as Record<string, unknown>;
  // The Web Store refuses a manifest with a key; it gives the item its own id and key instead.
  delete manifest['key'];
  const rendered = `${JSON.stringify({ ...manifest, ...extra }, null, 2)}\n`;
  writeFileSync(join(stage, 'manifest.json'), firefox ? firefoxManifest(rendered) : rendered);
  writeFileSync(join(stage, 'config.json'), `${JSON.stringify({ workerUrl: workerUrl.replace(/\/+$/, '') })}\n`);
  const files: Zippable = {};
  const add = (dir: string, prefix: string): void => {
    for (const entry of readdirSyncSorted(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) add(path, `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = new Uint8Array(readFileSync(path));
    }
  };
  add(stage, '');
  rmSync(stage, { recursive: true, force: true });
  return files;
}

function readdirSyncSorted(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
}

mkdirSync(out, { recursive: true });
const zipPath = join(out, `${name}.zip`);
// A fixed time stamp: the same sources give the same zip.
writeFileSync(zipPath, zipSync(packageFiles({}), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
console.log(`\nrelease: ${zipPath}`);
console.log('  For the Chrome Web Store. The store gives the item its id at the first upload (the developer');
console.log('  dashboard shows it); the Worker then needs ALLOWED_ORIGINS=chrome-extension://<that id>.');
console.log('  Edge Add-ons (Partner Center) takes the same zip; its item id gets its own chrome-extension:// origin.');

const xpiPath = join(out, `${name}.xpi`);
writeFileSync(xpiPath, zipSync(packageFiles({}, true), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
console.log(`\nrelease: ${xpiPath}`);
console.log(`  For addons.mozilla.org (unsigned: AMO signs it), add-on id ${GECKO_ID}. Firefox gives each install its`);
console.log('  own moz-extension:// origin: the Worker needs moz-extension://* in ALLOWED_ORIGINS.');

if (crxKeyPath !== undefined && hostUrl !== undefined) {
  const key = readFileSync(resolve(crxKeyPath), 'utf8');
  const id = extensionIdOf(key);
  const crxPath = join(out, `${name}.crx`);
  const updatesUrl = `${hostUrl}updates.xml`;
  // A self-hosted extension names its update manifest, so Chrome finds later versions there.
  const zip = zipSync(packageFiles({ update_url: updatesUrl }), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  writeFileSync(crxPath, packCrx(zip, key));
  writeFileSync(join(out, 'updates.xml'), updateManifest(id, version, `${hostUrl}${name}.crx`));
  console.log(`\nrelease: ${crxPath} and ${join(out, 'updates.xml')}`);
  console.log(`  Extension id ${id} (from the signing key). Serve both files at ${hostUrl}, then:`);
  console.log(`  - the Worker needs ALLOWED_ORIGINS=chrome-extension://${id}`);
  console.log(`  - policy ExtensionInstallForcelist: ["${id};${updatesUrl}"]`);
  console.log(`  - policy 3rdparty.extensions.${id}: the settings (projects/extension/managed-policy.example.json)`);
}
