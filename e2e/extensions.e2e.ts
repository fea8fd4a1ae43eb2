/**
 * Numbers with extensions in Chromium with the built extension: a highlighted "(480) 555-0100 ext. 234" and a
 * `tel:…;ext=77` link dial the number only; the confirmation window shows the extension, and once the call is
 * connected the popup says "Then dial 234" with a Copy button. (The PBX API has no way to send the digits.)
 */
import { MessageType } from '@voipcom/shared';
import { DEMO_USERS } from '../simulator/src/index';
import { cancelConfirmation, confirmationNumber, confirmCall, nextConfirmation } from './support/confirmation-window';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { startE2eStack, type E2eStack } from './support/local-stack';
import {
  clickHighlightedNumber,
  dispatchContextMenuClick,
  pressDialSelectionShortcut,
  selectElementText,
  sendFromPopup,
  waitForCalls,
  waitForHighlights,
} from './support/page-dialing';
import { startPageServer, type PageServer } from './support/page-server';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;

let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  pages.setPage(
    '/contact',
    '<title>Contact</title><p id="sales">Sales: (480) 555-0100 ext. 234</p><p><a href="tel:+14805550101;ext=77">Front desk</a></p>',
  );
  browser = await launchExtensionBrowser();
  const state = await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  expect(state.status).toBe('signed-in');
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
});

test('a highlighted number with "ext. 234": the window shows the extension, the number alone is dialled, the call panel says Then dial 234 and copies it', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/contact`);
  await waitForHighlights(page, 1);
  stack.simulator.controlNextCall({ ringYouMs: 0, you: 'answer', ringThemMs: 0, them: 'answer', talkMs: null });

  const opening = nextConfirmation(browser);
  await clickHighlightedNumber(page, '(480) 555-0100');
  const window = await opening;
  expect(await confirmationNumber(window)).toBe('+1 480 555 0100');
  await window.locator('.confirm-extension').filter({ hasText: 'Extension 234' }).waitFor();
  await confirmCall(window);
  const [call] = await waitForCalls(stack, 1);
  expect(call?.request['call-term-user']).toBe('14805550100');

  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await browser.openPopup();
  await popup.getByText('Connected to +1 480 555 0100.').waitFor({ timeout: 20_000 });
  await popup.locator('.call-extension').filter({ hasText: 'Then dial 234' }).waitFor();
  await popup.getByRole('button', { name: 'Copy', exact: true }).click();
  await popup.getByRole('button', { name: 'Copied', exact: true }).waitFor();
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe('234');
  await popup.getByRole('button', { name: 'Hang up' }).click();
  await popup.close();
  await page.close();
});

test('a tel: link with ;ext=77 (RFC 3966): the window shows extension 77 for the number it dials', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/contact`);
  await waitForHighlights(page, 1);
  const opening = nextConfirmation(browser);
  await page.getByRole('link', { name: 'Front desk' }).click();
  const window = await opening;
  expect(await confirmationNumber(window)).toBe('+1 480 555 0101');
  await window.locator('.confirm-extension').filter({ hasText: 'Extension 77' }).waitFor();
  await cancelConfirmation(window);
  await page.close();
});

test('the shortcut and the right-click item on a selected "(480) 555-0100 ext. 234": the window shows extension 234 for the number it dials', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/contact`);
  await waitForHighlights(page, 1);
  await page.bringToFront();
  await selectElementText(page, 'sales');

  const byShortcut = nextConfirmation(browser);
  await pressDialSelectionShortcut(browser, page);
  const shortcutWindow = await byShortcut;
  expect(await confirmationNumber(shortcutWindow)).toBe('+1 480 555 0100');
  await shortcutWindow.locator('.confirm-extension').filter({ hasText: 'Extension 234' }).waitFor();
  await cancelConfirmation(shortcutWindow);

  const byMenu = nextConfirmation(browser);
  await dispatchContextMenuClick(browser, page, 'Sales: (480) 555-0100 ext. 234');
  const menuWindow = await byMenu;
  expect(await confirmationNumber(menuWindow)).toBe('+1 480 555 0100');
  await menuWindow.locator('.confirm-extension').filter({ hasText: 'Extension 234' }).waitFor();
  await cancelConfirmation(menuWindow);
  await page.close();
});
