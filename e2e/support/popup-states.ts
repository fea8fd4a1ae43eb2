/**
 * Walks the popup and the confirmation window through every state a user meets, in one browser, handing each
 * state to `visit` (screenshots, axe, cut-off text, leftover English). Everything is found by id or role, never by
 * its words, so the walk runs in every language.
 */
import { MessageType } from '@voipcom/shared';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../simulator/src/index';
import { nextConfirmation } from './confirmation-window';
import type { ExtensionBrowser } from './extension-browser';
import type { E2eStack } from './local-stack';
import { sendFromPopup } from './page-dialing';
import type { PageServer } from './page-server';

/** Called with the page showing a state, and the state's name (also the screenshot's). */
export type StateVisitor = (page: Page, state: string) => Promise<void>;

const { avery, blake } = DEMO_USERS;
const OFFLINE_PHONE = avery.devices.find((device) => !device.registered)!;

/** The announced policy change the notice shows (the stack must be started with these vars). */
export const UPCOMING_POLICY_VARS = {
  POLICY_UPCOMING_EFFECTIVE: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
  POLICY_UPCOMING_URL: 'https://voipcom.network/click-to-dial/privacy-next',
  POLICY_UPCOMING_SUMMARY: 'Dial audit records will be kept for 6 months instead of 12.',
  POLICY_UPCOMING_ANNOUNCED: new Date().toISOString().slice(0, 10),
};

/** Each state in turn; 4 sign-ins at most per user (the Worker allows 5 a minute). */
export async function walkPopupStates(browser: ExtensionBrowser, stack: E2eStack, pages: PageServer, visit: StateVisitor): Promise<void> {
  const popup = await browser.openPopup();
  await popup.locator('#username').waitFor();
  await visit(popup, 'signed-out');

  await popup.locator('#username').fill(avery.username);
  await popup.locator('#password').fill('not-the-password');
  await popup.locator('button[type="submit"]').click();
  await popup.getByRole('alert').waitFor();
  await visit(popup, 'wrong-password');

  await popup.locator('#username').fill(blake.username);
  await popup.locator('#password').fill(blake.password);
  await popup.locator('button[type="submit"]').click();
  await popup.locator('#passcode').waitFor();
  await visit(popup, 'passcode');
  await popup.locator('#passcode').fill(blake.mfaPasscode);
  await popup.locator('button[type="submit"]').click();
  await popup.locator('#destination').waitFor();
  await sendFromPopup(browser, { type: MessageType.SignOut });
  await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  await popup.close();

  const dial = await browser.openPopup();
  await dial.locator(`#device option[value="${OFFLINE_PHONE.device}"]`).waitFor({ state: 'attached' });
  await visit(dial, 'dial');
  await dial.locator('#destination').fill('(310) 555-0142');
  await dial.locator('#destination-preview .number').waitFor();
  await visit(dial, 'dial-number');
  await dial.locator('#destination').fill('310 555');
  await dial.locator('#destination[aria-invalid="true"]').waitFor();
  await visit(dial, 'dial-incomplete');
  await dial.locator('#destination').fill('');
  await dial.locator('#device').selectOption(OFFLINE_PHONE.device);
  await dial.locator('#device-warning').getByText(/\S/).waitFor();
  await visit(dial, 'offline-phone');
  await dial.locator('#device').selectOption('');

  stack.simulator.controlNextCall({ ringYouMs: null });
  await dial.locator('#destination').fill('(310) 555-0143');
  await dial.locator('button[type="submit"]').click();
  await dial.locator('.call-live').waitFor({ timeout: 15_000 });
  await visit(dial, 'call-ringing');
  await dial.locator('.call-live button').click();
  await dial.locator('.call:not(.call-live)').waitFor();
  await visit(dial, 'call-ended');

  await dial.locator('button[aria-controls="view"]').click();
  await dial.locator('#country').waitFor();
  await visit(dial, 'settings');
  await dial.close();

  // A problem to read: the right-click item found no number in the selection.
  const worker = await browser.serviceWorker();
  await worker.evaluate(() =>
    chrome.contextMenus.onClicked.dispatch({ menuItemId: 'dial-selection', selectionText: 'no number here', editable: false }, {
      id: 1,
      windowId: 1,
      active: true,
      url: 'https://example.com/',
    } as chrome.tabs.Tab),
  );
  const problem = await browser.openPopup();
  await problem.locator('main > [role="alert"]').waitFor();
  await visit(problem, 'problem');
  await problem.close();

  // The confirmation window, for a tel: link on a page.
  pages.setPage(
    '/tel.html',
    '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Contact</title><p><a id="tel" href="tel:+525512345678">Call us</a></p></html>',
  );
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/tel.html`);
  const opening = nextConfirmation(browser);
  await page.locator('#tel').click();
  const confirmation = await opening;
  await confirmation.locator('.btn-dial:not([disabled])').waitFor();
  await visit(confirmation, 'confirm');
  stack.simulator.controlNextCall({ ringYouMs: null });
  // The window closes itself 1.5 s after the call is placed: kept open here for the checks.
  await confirmation.evaluate(() => {
    window.close = () => undefined;
  });
  await confirmation.locator('.btn-dial').click();
  await confirmation.locator('.message-ok').waitFor();
  await visit(confirmation, 'confirm-placed');
  await page.close();
}
