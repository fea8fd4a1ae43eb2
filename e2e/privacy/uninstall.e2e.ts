/**
 * Uninstalling in a real Chromium profile: signed in, with settings chosen, the extension removes itself
 * (chrome.management.uninstallSelf needs no permission) and the profile keeps nothing under its id.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageType } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { EXTENSION_ID, launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { localStorageContents } from '../support/extension-state';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import { sendFromPopup, waitUntil } from '../support/page-dialing';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
let stack: E2eStack;
let browser: ExtensionBrowser | undefined;
const profile = mkdtempSync(join(tmpdir(), 'c2d-uninstall-'));

/** Every file and folder in the profile whose path names the extension id, relative to the profile. */
function pathsNamingTheExtension(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name.includes(EXTENSION_ID)) found.push(path.slice(profile.length + 1));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path);
    }
  };
  walk(profile);
  return found.sort();
}

/** The extension's entry in the profile's Preferences (Chromium's record of installed extensions and their state). */
function preferencesEntry(): unknown {
  const file = join(profile, 'Default', 'Preferences');
  // Chromium writes Preferences some seconds after a change; before its first write there is no entry to read.
  if (!existsSync(file)) return undefined;
  const preferences = JSON.parse(readFileSync(file, 'utf8')) as { extensions?: { settings?: Record<string, unknown> } };
  return preferences.extensions?.settings?.[EXTENSION_ID];
}

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchExtensionBrowser({ userDataDir: profile });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(profile, { recursive: true, force: true });
});

test('[policy: uninstalling removes all local data] after uninstallSelf() in a real profile, nothing of the extension is stored under its id: no storage, no service worker, nothing in Preferences', async () => {
  const extension = browser!;
  const state = await sendFromPopup(extension, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  expect(state.status).toBe('signed-in');
  await sendFromPopup(extension, { type: MessageType.UpdateSettings, settings: { defaultCountry: 'MX', pausedSites: ['example.com'] } });
  // There was something to remove: the session id and the settings, on disk under the extension's id.
  expect(Object.keys(await localStorageContents(extension))).toEqual(expect.arrayContaining(['session']));
  const before = await waitUntil(
    pathsNamingTheExtension,
    (paths) => paths.some((path) => path.startsWith(join('Default', 'Local Extension Settings'))),
    'chrome.storage.local on disk',
  );
  expect(before.length).toBeGreaterThan(0);
  await waitUntil(preferencesEntry, (entry) => entry !== undefined, 'the extension in Preferences', 60_000);

  const worker = await extension.serviceWorker();
  // The call ends the service worker that makes it: its answer may never come back.
  await worker
    .evaluate(() =>
      (globalThis as unknown as { chrome: { management: { uninstallSelf(): Promise<void> } } }).chrome.management.uninstallSelf(),
    )
    .catch(() => undefined);

  // Chromium deletes an extension's data after the uninstall, in the background: wait for it, then look again.
  const after = await waitUntil(pathsNamingTheExtension, (paths) => paths.length === 0, 'the extension’s data to be deleted', 60_000);
  expect(after).toEqual([]);
  // Still so once the browser has closed and written everything out (Preferences is written lazily).
  await extension.close();
  browser = undefined;
  expect(pathsNamingTheExtension()).toEqual([]);
  expect(existsSync(join(profile, 'Default', 'Preferences'))).toBe(true);
  // Chromium may leave an empty dictionary under the id at shutdown: it holds nothing of the extension.
  expect(preferencesEntry() ?? {}).toEqual({});
});
