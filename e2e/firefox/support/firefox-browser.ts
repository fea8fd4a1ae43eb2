/**
 * Firefox ESR with the built Firefox extension (dist/extension-firefox), driven by puppeteer-core over WebDriver
 * BiDi. The extension's pages get a fixed moz-extension UUID (a pref) so tests can open them and the Worker can
 * be told the origin.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { zipSync, type Zippable } from 'fflate';
import { GECKO_ID } from '../../../scripts/build/manifest';
import { puppeteer } from './puppeteer';

export const FIREFOX_EXTENSION_DIR = join(__dirname, '..', '..', '..', 'dist', 'extension-firefox');
export const FIREFOX_BIN = process.env['FIREFOX_BIN'] ?? '/usr/bin/firefox-esr';
/** The moz-extension host Firefox gives our add-on in these tests (random per profile otherwise). */
export const EXTENSION_UUID = '0c2d7a3e-5b1f-4e8a-9d6c-3f4e5a6b7c8d';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxExtension {
  readonly browser: Browser;
  /** Opens an extension page (popup.html by default) in a new tab and waits until Angular rendered it. */
  openExtensionPage(path?: string): Promise<Page>;
  /** Opens a web page and waits for its load. */
  openPage(url: string): Promise<Page>;
  /** The next window or tab whose URL starts with `prefix` (call it before what opens it). */
  nextPage(prefix: string, timeout?: number): Promise<Page>;
  /** Pages open now whose URL starts with `prefix`. */
  openPages(prefix: string): Promise<Page[]>;
  /** Errors the browser printed for our extension (background and pages). */
  readonly problems: string[];
  close(): Promise<void>;
}

export interface FirefoxOptions {
  /**
   * A profile of the test's own, where the extension is installed for good (it survives a browser restart, as a
   * user's install does); without one, a fresh profile with the extension installed temporarily over BiDi.
   */
  profileDir?: string;
}

/** The unpacked Firefox package as an .xpi (a zip), for a profile's extensions folder. */
function xpiOf(dir: string): Uint8Array {
  const files: Zippable = {};
  const add = (path: string, prefix: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) add(join(path, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = new Uint8Array(readFileSync(join(path, entry.name)));
    }
  };
  add(dir, '');
  return zipSync(files);
}

/** BiDi refuses to wait for a load into the extension process: start the navigation, then wait for the page. */
async function navigate(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 3_000 }).catch(() => undefined);
  await page.waitForFunction((expected) => location.href === expected && document.readyState !== 'loading', { timeout: 15_000 }, url);
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'c2d-firefox-'));
  const permanent = options.profileDir !== undefined;
  if (permanent) {
    // Firefox installs an add-on found in the profile's extensions folder at start (the package is unsigned:
    // ESR lets xpinstall.signatures.required be turned off).
    mkdirSync(join(profileDir, 'extensions'), { recursive: true });
    writeFileSync(join(profileDir, 'extensions', `${GECKO_ID}.xpi`), xpiOf(FIREFOX_EXTENSION_DIR));
  }
  const problems: string[] = [];
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_BIN,
    headless: true,
    userDataDir: profileDir,
    // Lets BiDi open moz-extension: pages (the popup); the extension's own rules are unchanged.
    args: ['--remote-allow-system-access'],
    dumpio: false,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // permissions.request() is answered "yes" without the doorhanger a headless browser cannot click.
      'extensions.webextOptionalPermissionPrompts': false,
      'browser.shell.checkDefaultBrowser': false,
      'xpinstall.signatures.required': false,
      'extensions.autoDisableScopes': 0,
      'extensions.enabledScopes': 15,
    },
  });
  const proc = browser.process();
  proc?.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.includes(EXTENSION_UUID) && /error/i.test(line)) problems.push(line);
  });
  if (!permanent) await browser.installExtension(FIREFOX_EXTENSION_DIR);

  const pagesStartingWith = async (prefix: string): Promise<Page[]> => {
    const pages = await browser.pages();
    const urls = await Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => page.url())));
    return pages.filter((_page, index) => urls[index]?.startsWith(prefix));
  };

  return {
    browser,
    problems,
    async openExtensionPage(path = 'popup.html') {
      const page = await browser.newPage();
      await navigate(page, `${FIREFOX_EXTENSION_ORIGIN}/${path}`);
      return page;
    },
    async openPage(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async nextPage(prefix, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      const known = new Set(await pagesStartingWith(prefix));
      for (;;) {
        const fresh = (await pagesStartingWith(prefix)).find((page) => !known.has(page));
        if (fresh) return fresh;
        if (Date.now() > deadline) throw new Error(`no page opened at ${prefix}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    openPages: pagesStartingWith,
    async close() {
      await browser.close();
      if (!permanent) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
