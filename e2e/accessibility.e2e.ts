/**
 * Accessibility in Chromium with the built extension: a keyboard-only walk (sign in, pick a phone, dial, change
 * settings, sign out) where the focus is always visible, and axe-core on the states met on the way and on the
 * confirmation window's failure state (every other state is checked in each language by i18n.e2e.ts).
 */
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { startE2eStack, type E2eStack } from './support/local-stack';
import { nextConfirmation } from './support/confirmation-window';
import { sendFromPopup, waitForCalls } from './support/page-dialing';
import { startPageServer, type PageServer } from './support/page-server';
import { AxeLog, focusIsVisible } from './support/popup-checks';
import { MessageType } from '@voipcom/shared';

jest.setTimeout(180_000);

const { avery } = DEMO_USERS;
const axe = new AxeLog('accessibility');

let stack: E2eStack;
let browser: ExtensionBrowser;
let pages: PageServer;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchExtensionBrowser();
  pages = await startPageServer();
});

afterAll(async () => {
  axe.write();
  await browser?.close();
  await stack?.stop();
  await pages?.close();
});

/** Presses `key` and checks that the focus lands on a visible, outlined element; returns that element. */
async function press(popup: Page, key: string): Promise<string> {
  await popup.keyboard.press(key);
  const focus = await focusIsVisible(popup);
  if (!focus.visible) throw new Error(`after ${key} the focus is not visible (on ${focus.element})`);
  return focus.element;
}

/** Tabs (forwards, or backwards with Shift) until the element matching `selector` has the focus. */
async function tabTo(popup: Page, selector: string, key = 'Tab'): Promise<void> {
  for (let step = 0; step < 15; step++) {
    await press(popup, key);
    if (await popup.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`${selector} never got the focus`);
}

async function noSeriousViolations(page: Page, state: string): Promise<void> {
  expect(await axe.check(page, state)).toEqual([]);
}

test('keyboard only: sign in, pick a phone, dial, change settings, sign out, with the focus always visible', async () => {
  const popup = await browser.openPopup();
  await popup.locator('#username').waitFor();
  await noSeriousViolations(popup, 'signed-out');

  // Sign in: Tab to the username, type, Tab to the password, type, Enter submits.
  await tabTo(popup, '#username');
  await popup.keyboard.type(avery.username);
  await tabTo(popup, '#password');
  await popup.keyboard.type(avery.password);
  // Enter submits only once the form has rendered its button enabled (a disabled default button blocks it).
  await popup.locator('button[type="submit"]:not([disabled])').waitFor();
  await popup.keyboard.press('Enter');
  await popup.locator('#destination').waitFor();
  await noSeriousViolations(popup, 'signed-in');

  // Pick a phone: the arrow keys change the focused select.
  const online = avery.devices.filter((device) => device.registered).map((device) => device.device);
  await popup.locator(`#device option[value="${online[0]}"]`).waitFor({ state: 'attached' });
  await tabTo(popup, '#device');
  await popup.keyboard.press('ArrowDown');
  const chosen = await popup.locator('#device').inputValue();
  expect(online).toContain(chosen);
  await expect(sendFromPopup(browser, { type: MessageType.GetState }).then((state) => state.settings.originationDeviceId)).resolves.toBe(
    chosen,
  );

  // Dial: back to the number, type it, Enter; then end the call from the keyboard.
  stack.simulator.controlNextCall({ ringYouMs: null });
  await tabTo(popup, '#destination', 'Shift+Tab');
  await popup.keyboard.type('(310) 555-0142');
  await popup.locator('button[type="submit"]:not([disabled])').waitFor();
  await popup.keyboard.press('Enter');
  await popup.locator('.call-live').waitFor({ timeout: 15_000 });
  expect((await waitForCalls(stack, 1)).length).toBe(1);
  await noSeriousViolations(popup, 'call-ringing');
  await tabTo(popup, '.call-live button');
  await popup.keyboard.press('Enter');
  await popup.locator('.call:not(.call-live)').waitFor();

  // Settings: open with the gear, turn highlighting off with Space, close with Done.
  await tabTo(popup, 'button[aria-controls="view"]', 'Shift+Tab');
  await popup.keyboard.press('Enter');
  await popup.locator('#country').waitFor();
  await noSeriousViolations(popup, 'settings');
  await tabTo(popup, 'input[type="checkbox"]');
  await popup.keyboard.press('Space');
  await expect(sendFromPopup(browser, { type: MessageType.GetState }).then((state) => state.settings.highlightNumbers)).resolves.toBe(
    false,
  );
  await tabTo(popup, '.row button');
  await popup.keyboard.press('Enter');
  await popup.locator('#destination').waitFor();

  // Sign out.
  await tabTo(popup, '.foot button');
  await popup.keyboard.press('Enter');
  await popup.locator('#username').waitFor();
  await expect(sendFromPopup(browser, { type: MessageType.GetState }).then((state) => state.status)).resolves.toBe('signed-out');
  await popup.close();
});

test('the confirmation window: its failure state passes axe too', async () => {
  await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  pages.setPage(
    '/premium.html',
    '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Premium</title><a id="tel" href="tel:+19005550142">Call</a></html>',
  );
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/premium.html`);
  const opening = nextConfirmation(browser);
  await page.locator('#tel').click();
  const window = await opening;
  // The Worker's refusal is said before Call could be armed.
  await window.getByRole('alert').waitFor();
  await noSeriousViolations(window, 'confirm-refused');
  await page.close();
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
