/** Launches Debian's Chromium with the built unpacked extension and records every console error and CSP violation. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { refuseLeftoverPolicy } from './managed-policy-files';

export const EXTENSION_DIR = join(__dirname, '..', '..', 'dist', 'extension');
/** Fixed by the manifest `key`. */
export const EXTENSION_ID = 'hdfblghhbnjdaamfompieibfckacncaj';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  /** The extension's background service worker (the current one: it changes after a restart). */
  serviceWorker(): Promise<Worker>;
  /** Opens the action popup as a tab. */
  openPopup(): Promise<Page>;
  /** Sends one runtime message from an extension page, as the popup does, and returns the raw reply. */
  sendMessage(message: object): Promise<unknown>;
  /** Stops the service worker, as Chrome does when it idles; the next event starts it again. */
  stopServiceWorker(): Promise<void>;
  /** Console errors and CSP violations seen in any page or the service worker. */
  readonly problems: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  userDataDir?: string;
  /** More unpacked extensions loaded beside ours (e.g. a hostile one for forged-message tests). */
  extraExtensionDirs?: string[];
  /** Our extension from another folder (e.g. the unpacked release zip); dist/extension otherwise. */
  extensionDir?: string;
  /** The browser's UI language (Chromium's --lang), which chrome.i18n follows; the machine's otherwise. */
  lang?: string;
}

export async function launchExtensionBrowser(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  // A policy file left by a killed managed-policy run would silently change what every suite tests.
  refuseLeftoverPolicy();
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'c2d-e2e-'));
  const extensionDirs = [options.extensionDir ?? EXTENSION_DIR, ...(options.extraExtensionDirs ?? [])].join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDirs}`,
      `--load-extension=${extensionDirs}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.lang === undefined ? [] : [`--lang=${options.lang}`]),
    ],
  });
  const problems: string[] = [];
  const watchPage = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  };
  context.on('page', watchPage);
  context.pages().forEach(watchPage);
  const watchWorker = (worker: Worker): void => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`service worker: ${message.text()}`);
    });
  };
  context.on('serviceworker', watchWorker);
  context.serviceWorkers().forEach(watchWorker);

  const serviceWorker = async (): Promise<Worker> => {
    const current = context.serviceWorkers().find((worker) => worker.url().startsWith(EXTENSION_ORIGIN));
    return (
      current ??
      (await context.waitForEvent('serviceworker', { predicate: (worker) => worker.url().startsWith(EXTENSION_ORIGIN), timeout: 15_000 }))
    );
  };

  const openPopup = async (): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${EXTENSION_ORIGIN}/popup.html`);
    return page;
  };

  return {
    context,
    serviceWorker,
    problems,
    openPopup,
    async sendMessage(message) {
      const popup = await openPopup();
      try {
        return await popup.evaluate((sent): Promise<unknown> => chrome.runtime.sendMessage(sent), message);
      } finally {
        await popup.close();
      }
    },
    async stopServiceWorker() {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      await page.close();
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
