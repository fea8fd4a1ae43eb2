/** Reading the extension's own state from its service worker (the toolbar badge, chrome.storage.local), and signing in. */
import { MessageType, StateReplySchema } from '@voipcom/shared';
import type { Worker } from 'playwright-core';
import type { ExtensionBrowser } from './extension-browser';

/** Signs `user` in from an extension page, as the popup does, and fails unless the background says signed-in. */
export async function signIn(browser: ExtensionBrowser, user: { username: string; password: string }): Promise<void> {
  const reply = StateReplySchema.parse(
    await browser.sendMessage({ type: MessageType.SignIn, username: user.username, password: user.password }),
  );
  expect(reply.ok && reply.data.status).toBe('signed-in');
}

export async function badgeText(browser: ExtensionBrowser): Promise<string> {
  const worker: Worker = await browser.serviceWorker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Waits until the badge shows `expected`, or one of several (the background updates it asynchronously). */
export async function waitForBadge(browser: ExtensionBrowser, expected: string | readonly string[], timeoutMs = 10_000): Promise<void> {
  const wanted = [expected].flat();
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await badgeText(browser);
    if (wanted.includes(seen)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`badge is "${seen}", expected ${wanted.map((text) => `"${text}"`).join(' or ')}`);
}

/** Badges of a signed-in user with no problem: idle, a call ringing, connected, or just ended. */
export const SIGNED_IN_BADGES = ['✓', '…', '●', 'end'] as const;

export async function localStorageContents(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => chrome.storage.local.get());
}
