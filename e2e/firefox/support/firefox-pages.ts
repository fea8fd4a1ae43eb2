/** Driving the extension's pages and test pages in Firefox: the popup's forms, the confirmation window, highlights. */
import type { Page } from 'puppeteer-core';
import { HIGHLIGHT_NAME } from '../../../projects/content/src/app/highlights/number-highlights';
import { FIREFOX_EXTENSION_ORIGIN, type FirefoxExtension } from './firefox-browser';

export const CONFIRMATION_PREFIX = `${FIREFOX_EXTENSION_ORIGIN}/popup.html?confirm=`;

/** Polls `read` until `done` says yes (every 100 ms, up to `timeoutMs`). */
export async function waitUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

/** Types into the field labelled by `id` as a user would (a click, then key presses). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForSelector(selector, { visible: true });
  await page.click(selector);
  await page.keyboard.type(text);
}

export async function signInThroughPopup(popup: Page, user: { username: string; password: string }): Promise<void> {
  await typeInto(popup, '#username', user.username);
  await typeInto(popup, '#password', user.password);
  await popup.click('button[type="submit"]');
  await popup.waitForSelector('#destination', { visible: true, timeout: 20_000 }).catch(async (error: unknown) => {
    throw new Error(`not signed in; the popup says: ${await popup.evaluate(() => document.body.innerText)}`, { cause: error });
  });
}

/** The number a confirmation window shows, once it shows one. */
export async function confirmationNumber(window: Page): Promise<string> {
  const element = await window.waitForSelector('.confirm-number', { timeout: 15_000 });
  return ((await element?.evaluate((node) => node.textContent)) ?? '').trim();
}

/** Clicks Call once it is armed (it stays disabled until the user has left the window alone for a moment). */
export async function confirmCall(window: Page): Promise<void> {
  await window.waitForSelector('button.btn-dial:not([disabled])', { timeout: 15_000 });
  await window.click('button.btn-dial');
}

/** Whether a confirmation window's Call button is enabled now. */
export function callEnabled(window: Page): Promise<boolean> {
  return window.$eval('button.btn-dial', (button) => !button.disabled);
}

/** Confirmation windows open now. */
export function openConfirmations(firefox: FirefoxExtension): Promise<Page[]> {
  return firefox.openPages(CONFIRMATION_PREFIX);
}

/** Closes every open confirmation window. */
export async function closeConfirmations(firefox: FirefoxExtension): Promise<void> {
  for (const window of await openConfirmations(firefox)) await window.close().catch(() => undefined);
}

/** How many ranges the content script highlighted in `page`. */
export function highlightCount(page: Page): Promise<number> {
  return page.evaluate((name) => {
    const highlight = CSS.highlights.get(name);
    return highlight === undefined ? 0 : highlight.size;
  }, HIGHLIGHT_NAME);
}

/** The centre of the highlighted number written as `text`, for a real mouse click. */
export async function highlightedNumberPoint(page: Page, text: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    (name, wanted) => {
      for (const marked of CSS.highlights.get(name) ?? []) {
        // The content script marks StaticRanges, which have no geometry: measure a live Range over the same text.
        const range = document.createRange();
        range.setStart(marked.startContainer, marked.startOffset);
        range.setEnd(marked.endContainer, marked.endOffset);
        if (range.toString() !== wanted) continue;
        const box = range.getClientRects()[0];
        if (box) return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      return null;
    },
    HIGHLIGHT_NAME,
    text,
  );
  if (point === null) throw new Error(`"${text}" is not highlighted`);
  return point;
}
