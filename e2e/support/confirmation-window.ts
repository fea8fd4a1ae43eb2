/**
 * The confirmation window the background opens for a number a page offered, seen from the test: it is a page of
 * the browser context at `popup.html?confirm=<token>`; a user confirms there with a real mouse click or key.
 */
import type { Page, Request } from 'playwright-core';
import type { ExtensionBrowser } from './extension-browser';
import { EXTENSION_ORIGIN } from './extension-browser';

const CONFIRMATION_URL = `${EXTENSION_ORIGIN}/popup.html?confirm=`;
/** How long a test waits for something that must not happen (a window, a call) before it says it did not. */
const QUIET_PERIOD_MS = 1_500;

function isConfirmationWindow(page: Page): boolean {
  return page.url().startsWith(CONFIRMATION_URL);
}

/** The confirmation windows open now. */
export function openConfirmations(browser: ExtensionBrowser): Page[] {
  return browser.context.pages().filter(isConfirmationWindow);
}

/** Resolves with the next confirmation window; call it before the click that should open one. */
export async function nextConfirmation(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.waitForEvent('page', {
    predicate: (candidate) => candidate.url().startsWith(CONFIRMATION_URL) || candidate.url() === 'about:blank',
    timeout: 15_000,
  });
  if (!isConfirmationWindow(page)) await page.waitForURL((url) => url.href.startsWith(CONFIRMATION_URL));
  await page.locator('.confirm-number').waitFor({ timeout: 15_000 });
  return page;
}

/** The number the window asks about, as it shows it. */
export async function confirmationNumber(window: Page): Promise<string> {
  return ((await window.locator('.confirm-number').textContent()) ?? '').trim();
}

/** Waits until Call is armed: enabled once the window had no input for a moment and the Worker described the number. */
export async function armedCall(window: Page): Promise<void> {
  await window.locator('.btn-dial:not([disabled])').waitFor({ timeout: 15_000 });
}

/** Clicks Call once it is armed (a real mouse press that begins after arming). */
export async function confirmCall(window: Page): Promise<void> {
  await armedCall(window);
  await window.getByRole('button', { name: 'Call', exact: true }).click();
}

/**
 * Declines with a real click on Cancel (a click: the window closes before a key's keyup could be sent) and waits until
 * the window has closed. The window closes itself at once, and Playwright's click can then fail with "Target page …
 * has been closed" after it has pressed the button: that error is the expected end when the window did close.
 */
export async function cancelConfirmation(window: Page): Promise<void> {
  const closing = window.waitForEvent('close');
  try {
    await window.locator('.btn-cancel').click();
  } catch (error) {
    if (!window.isClosed()) throw error;
  }
  await closing;
}

/** What the window says about the number: its country and where it came from. */
export async function confirmationOrigin(window: Page): Promise<string> {
  return ((await window.locator('.confirm-origin').textContent()) ?? '').trim();
}

/** Waits until the window shows the number's country (the Worker answered, or could not be asked) and returns that line. */
export async function describedOrigin(window: Page): Promise<string> {
  await window.locator('.confirm-origin', { hasText: '. From' }).waitFor({ timeout: 15_000 });
  return confirmationOrigin(window);
}

/**
 * Waits `QUIET_PERIOD_MS` and returns the numbers of the confirmation windows open then (closing them). A window
 * the background replaced by a newer one meanwhile (another click) is not counted.
 */
export async function confirmationsDuringQuietPeriod(browser: ExtensionBrowser): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
  const windows = openConfirmations(browser);
  const numbers = await Promise.all(
    windows.map(async (window) => {
      try {
        await window.locator('.confirm-number').waitFor({ timeout: 5_000 });
        return await confirmationNumber(window);
      } catch (error) {
        if (window.isClosed()) return null;
        throw error;
      }
    }),
  );
  await Promise.all(windows.filter((window) => !window.isClosed()).map((window) => window.close()));
  return numbers.filter((number): number is string => number !== null);
}

/** Records every `POST /v1/calls` the browser context sends to the Worker (the service worker's requests included). */
export function watchDialRequests(browser: ExtensionBrowser, workerUrl: string): { bodies: string[]; stop(): void } {
  const bodies: string[] = [];
  const record = (request: Request): void => {
    if (request.method() === 'POST' && request.url() === `${workerUrl}/v1/calls`) bodies.push(request.postData() ?? '');
  };
  browser.context.on('request', record);
  return { bodies, stop: () => browser.context.off('request', record) };
}
