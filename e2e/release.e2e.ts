/**
 * `npm run release` as a store reviewer and an IT admin meet it: the Web Store zip unpacked and loaded in Chromium
 * (its manifest, permissions, description and icons against what the privacy policy describes), and the signed
 * .crx force-installed by Chromium itself through ExtensionInstallForcelist from a local server (its update
 * manifest). Runs after `npm run build` (the release reuses dist/extension's bundles); the signing key is made for
 * the run in a temporary folder. The force-install policy file is removed after the suite, and before it.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { chromium, type Page, type Worker } from 'playwright-core';
import { launchExtensionBrowser } from './support/extension-browser';
import { MANAGED_POLICY_DIR, managedPolicyFile } from './support/managed-policy-files';
import { waitUntil } from './support/page-dialing';
import { listenOnLoopback } from '../scripts/lib/loopback-server';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..');
const POLICY_FILE = managedPolicyFile('release-e2e');
const WORKER_URL = 'https://c2d.example.test';
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NAME = `voipcom-click-to-dial-${version}`;
const PRIVACY_POLICY = readFileSync(join(ROOT, '..', 'shared', 'spec', 'privacy-policy.txt'), 'utf8');

let work: string;
let server: Server;
let hostUrl: string;
let releaseOutput: string;
let unpacked: string;
/** The public half of the signing key (base64 DER), as Chrome records it for an installed .crx. */
let signingPublicKey: string;

/** The width and height a PNG says it has (its IHDR chunk). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  work = mkdtempSync(join(tmpdir(), 'c2d-release-'));
  const key = join(work, 'signing-key.pem');
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  signingPublicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const out = join(work, 'release');
  server = createServer((request, response) => {
    // Chromium's update check adds its query (?x=id%3D…): only the path names the file.
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(out, path.replace(/^\/c2d\//, ''));
    if (!path.startsWith('/c2d/') || !existsSync(file)) return void response.writeHead(404).end();
    const type = file.endsWith('.crx') ? 'application/x-chrome-extension' : 'text/xml';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  hostUrl = `http://127.0.0.1:${await listenOnLoopback(server)}/c2d/`;
  releaseOutput = execFileSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'scripts/release.ts'), '--skip-build', '--out', out, '--crx-key', key, '--host-url', hostUrl],
    { cwd: ROOT, env: { ...process.env, WORKER_URL }, encoding: 'utf8' },
  );
  unpacked = join(work, 'unpacked');
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(readFileSync(join(out, `${NAME}.zip`)))))) {
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(join(unpacked, path)), { recursive: true });
    writeFileSync(join(unpacked, path), bytes);
  }
});

afterAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  await new Promise((resolve) => server?.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the release refuses a Worker that is not https:', () => {
  expect(() =>
    execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/release.ts'), '--skip-build', '--out', join(work, 'refused')], {
      cwd: ROOT,
      env: { ...process.env, WORKER_URL: 'http://c2d.example.test' },
      stdio: 'pipe',
    }),
  ).toThrow(/https:/);
  expect(existsSync(join(work, 'refused'))).toBe(false);
});

test('[policy: permissions] the Web Store zip: no key, the permissions the privacy policy lists and no others, a short description, every icon', () => {
  const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest['key']).toBeUndefined();
  expect(manifest['update_url']).toBeUndefined();
  expect(manifest['version']).toBe(version);
  expect([...(manifest['permissions'] as string[])].sort()).toEqual(['contextMenus', 'storage']);
  expect(manifest['host_permissions']).toEqual(['<all_urls>']);
  for (const absent of ['optional_permissions', 'optional_host_permissions', 'externally_connectable', 'web_accessible_resources']) {
    expect(manifest[absent]).toBeUndefined();
  }
  // The policy's "Permissions the extension uses" names these three, each with its purpose.
  const section = PRIVACY_POLICY.slice(
    PRIVACY_POLICY.indexOf('Permissions the extension uses'),
    PRIVACY_POLICY.indexOf('California Residents'),
  );
  for (const named of ['<all_urls> host permission', 'Right-click menu (contextMenus)', 'Storage —']) expect(section).toContain(named);
  expect(section.match(/^\s*•/gm)).toHaveLength(3);
  // The store shows the name and the description (under 132 characters) in every language.
  for (const language of ['en', 'es', 'fr']) {
    const messages = JSON.parse(readFileSync(join(unpacked, '_locales', language, 'messages.json'), 'utf8')) as Record<
      string,
      { message: string }
    >;
    expect(messages['extName']?.message).toBe('Voipcom Click-to-Dial');
    expect(messages['extDescription']?.message.length).toBeLessThan(132);
  }
  expect(manifest['description']).toBe('__MSG_extDescription__');
  // Icons: the sizes the manifest names, each a PNG of that size.
  for (const icons of [manifest['icons'], (manifest['action'] as Record<string, unknown>)['default_icon']] as Record<string, string>[]) {
    expect(Object.keys(icons).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(icons))
      expect(pngSize(join(unpacked, file))).toEqual({ width: Number(size), height: Number(size) });
  }
  // It talks to the release's Worker only, over TLS.
  expect((manifest['content_security_policy'] as Record<string, string>)['extension_pages']).toContain(`connect-src ${WORKER_URL}`);
  expect(JSON.parse(readFileSync(join(unpacked, 'config.json'), 'utf8'))).toEqual({ workerUrl: WORKER_URL });
  expect(releaseOutput).toContain('ALLOWED_ORIGINS=chrome-extension://<that id>');
});

test('[policy: permissions] the unpacked zip loads in Chromium with exactly those permissions, and its popup opens', async () => {
  const browser = await launchExtensionBrowser({ extensionDir: unpacked });
  try {
    const worker: Worker =
      browser.context.serviceWorkers().find((candidate) => candidate.url().startsWith('chrome-extension://')) ??
      (await browser.context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const loaded = await worker.evaluate(async () => ({
      manifest: chrome.runtime.getManifest(),
      granted: await (
        chrome as unknown as { permissions: { getAll(): Promise<{ permissions?: string[]; origins?: string[] }> } }
      ).permissions.getAll(),
    }));
    expect(loaded.manifest).toEqual(
      expect.objectContaining({
        name: 'Voipcom Click-to-Dial',
        version,
        description: 'Place calls from your Voipcom phone by clicking phone numbers in Chrome.',
      }),
    );
    expect([...(loaded.granted.permissions ?? [])].sort()).toEqual(['contextMenus', 'storage']);
    expect(loaded.granted.origins).toEqual(['<all_urls>']);
    const popup = await browser.context.newPage();
    const origin = /^chrome-extension:\/\/[a-p]{32}/.exec(worker.url())?.[0];
    expect(origin).toBeDefined();
    await popup.goto(`${origin}/popup.html`);
    await popup.locator('#username').waitFor();
    // No Worker answers at the release's address in this test: only failing requests to it may be logged.
    expect(browser.problems.filter((problem) => !problem.includes(new URL(WORKER_URL).hostname))).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('the signed .crx: Chromium force-installs it through ExtensionInstallForcelist and its update manifest', async () => {
  const id = /Extension id ([a-p]{32})/.exec(releaseOutput)?.[1];
  expect(id).toBeDefined();
  expect(readFileSync(join(work, 'release', 'updates.xml'), 'utf8')).toContain(`appid='${id}'`);
  mkdirSync(MANAGED_POLICY_DIR, { recursive: true });
  // DeveloperToolsAvailability 1: the test reads the installed extension's page through DevTools, which Chrome by
  // default refuses for extensions installed by policy.
  writeFileSync(POLICY_FILE, JSON.stringify({ ExtensionInstallForcelist: [`${id};${hostUrl}updates.xml`], DeveloperToolsAvailability: 1 }));
  const userDataDir = mkdtempSync(join(tmpdir(), 'c2d-forcelist-'));
  // No --load-extension: Chromium downloads, verifies and installs the .crx itself, as on an admin's fleet.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
    headless: true,
    // Chromium's extension updater, which fetches force-installed extensions, is off under --disable-background-networking.
    ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages', '--disable-background-networking'],
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  try {
    // Until Chromium has downloaded, verified and installed the .crx, its pages are blocked; a tab showing one is
    // closed when the extension loads. So each try gets a tab of its own.
    const tryPopup = async (): Promise<Page | null> => {
      const page = await context.newPage();
      if (
        await page.goto(`chrome-extension://${id}/popup.html`).then(
          () => true,
          () => false,
        )
      )
        return page;
      await page.close().catch(() => undefined);
      return null;
    };
    const popup = await waitUntil(tryPopup, (page) => page !== null, 'the force-installed extension', 90_000);
    if (popup === null) throw new Error('unreachable: waitUntil returned a closed try');
    await popup.locator('#username').waitFor();
    const manifest = await popup.evaluate(() => chrome.runtime.getManifest());
    expect(manifest).toEqual(expect.objectContaining({ name: 'Voipcom Click-to-Dial', version, update_url: `${hostUrl}updates.xml` }));
    // Chrome records the key the .crx was signed with: ours, the one the id comes from.
    expect(manifest['key']).toBe(signingPublicKey);
  } finally {
    await context.close();
    rmSync(POLICY_FILE, { force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
