/** Reading the extension's own state from its service worker: the toolbar badge and chrome.storage.local. */
import type { Worker } from 'playwright-core';
import type { ExtensionBrowser } from './extension-browser';

export async function badgeText(browser: ExtensionBrowser): Promise<string> {
  const worker: Worker = await browser.serviceWorker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Waits until the badge shows `expected` (the background updates it asynchronously). */
export async function waitForBadge(browser: ExtensionBrowser, expected: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await badgeText(browser);
    if (seen === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`badge is "${seen}", expected "${expected}"`);
}

export async function localStorageContents(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => chrome.storage.local.get(null));
}
