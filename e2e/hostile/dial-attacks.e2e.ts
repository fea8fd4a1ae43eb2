/**
 * Issue 10's attacks, each on a hostile page served from loopback (with cross-origin frames where the attack uses
 * them), in Chromium with the built extension against the local Worker and the simulator. Each proves that the
 * page's number was not dialled: the simulator recorded no call and the Worker received no POST /v1/calls.
 * The honest paths (mouse and keyboard) are in page-dialing.e2e.ts.
 */
import { MessageType } from '@voipcom/shared';
import type { Frame, Page } from 'playwright-core';
import { DEMO_USERS } from '../../simulator/src/index';
import { ATTACK_NUMBER, DIAL_ATTACK_PAGES } from '../fixtures/dial-attack-pages';
import {
  confirmationNumber,
  confirmationsDuringQuietPeriod,
  confirmCall,
  nextConfirmation,
  openConfirmations,
  watchDialRequests,
} from '../support/confirmation-window';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { waitForBadge } from '../support/extension-state';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import {
  dialledNumbers,
  highlightCount,
  highlightedNumbers,
  pressDialSelectionShortcut,
  recordMenuTitles,
  sendAsContentScript,
  sendFromPopup,
  waitForCalls,
  waitForHighlights,
  waitUntil,
} from '../support/page-dialing';
import { startPageServer, type PageServer } from '../support/page-server';

jest.setTimeout(120_000);

const ATTACK = '[policy: place calls you have explicitly requested]';
const EXTENSION_NAME = 'Voipcom Click-to-Dial';
/** How the confirmation window shows the attack number. */
const ATTACK_SHOWN = '+1 900 555 0123';
/** A user of their own, so these dials do not count against the other suites' account limit. */
const { blake } = DEMO_USERS;

let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;
let dialRequests: ReturnType<typeof watchDialRequests>;

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}${path}`);
  await waitForHighlights(page);
  return page;
}

/** The frame of `page` loaded from `path`, once its content script is active (its own honest number is marked). */
async function frameOf(page: Page, path: string): Promise<Frame> {
  const frame = await waitUntil(
    () => page.frames().find((candidate) => candidate.url().endsWith(path)),
    (found) => found !== undefined,
    `the frame ${path}`,
  );
  if (frame === undefined) throw new Error('unreachable: no frame');
  return frame;
}

/** The attack failed: nothing reached the PBX, and the Worker was never asked to place a call. */
function expectNothingDialled(): void {
  expect(stack.simulator.calls()).toEqual([]);
  expect(dialRequests.bodies).toEqual([]);
}

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  for (const [path, html] of Object.entries(DIAL_ATTACK_PAGES)) pages.setPage(path, html.replaceAll('{{other}}', pages.otherSiteOrigin));
  browser = await launchExtensionBrowser();
  const { username, password, mfaPasscode } = blake;
  const state = await sendFromPopup(browser, { type: MessageType.SignIn, username, password, passcode: mfaPasscode ?? undefined });
  expect(state.status).toBe('signed-in');
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator.clearCalls();
  dialRequests = watchDialRequests(browser, stack.workerUrl);
});

afterEach(async () => {
  dialRequests.stop();
  await Promise.all(openConfirmations(browser).map((window) => window.close()));
});

test(`${ATTACK} 1. an invisible tel: overlay, also from a cross-origin ad frame: a click only opens the confirmation, which shows the page's number`, async () => {
  const page = await openPage('/overlay.html');
  const opened = nextConfirmation(browser);
  await page.mouse.click(300, 300);
  const window = await opened;
  // The user sees what the page tried: a +1 900 number, in a window the page cannot touch.
  expect(await confirmationNumber(window)).toBe(ATTACK_SHOWN);
  // The user goes on clicking the page: those clicks land on the page, never on the window.
  await page.mouse.click(300, 300);
  await page.mouse.click(310, 320);
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([ATTACK_SHOWN]);
  expectNothingDialled();

  const framed = await openPage('/ad-host.html');
  await waitForHighlights(await frameOf(framed, '/ad-overlay.html'));
  const fromAd = nextConfirmation(browser);
  await framed.mouse.click(200, 200);
  expect(await confirmationNumber(await fromAd)).toBe(ATTACK_SHOWN);
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([ATTACK_SHOWN]);
  expectNothingDialled();
  await Promise.all([page.close(), framed.close()]);
});

test(`${ATTACK} 1. a premium-rate number confirmed by mistake is still refused, by the Worker, and the window says why`, async () => {
  const page = await openPage('/overlay.html');
  const opened = nextConfirmation(browser);
  await page.mouse.click(300, 300);
  const window = await opened;
  await confirmCall(window);
  await window.getByRole('alert').getByText('premium-rate', { exact: false }).waitFor();
  expect(stack.simulator.calls()).toEqual([]);
  // The Worker was asked once, with E.164 only, and said no.
  expect(dialRequests.bodies).toEqual([JSON.stringify({ destination: ATTACK_NUMBER })]);
  await page.close();
});

test(`${ATTACK} 2. Enter on a hidden, focused tel: link opens the confirmation; a held Enter does not confirm it`, async () => {
  const page = await openPage('/hidden-link.html');
  await page.evaluate(() => (window as unknown as { focusTrap(): void }).focusTrap());
  const opened = nextConfirmation(browser);
  await page.keyboard.press('Enter');
  const window = await opened;
  expect(await confirmationNumber(window)).toBe(ATTACK_SHOWN);
  // Wait until Call is armed and focused, then send what a key held down since the page sends: auto-repeats.
  await waitUntil(() => window.evaluate(() => document.activeElement?.textContent?.trim() ?? ''), (text) => text === 'Call', 'the focused Call button');
  const cdp = await window.context().newCDPSession(window);
  for (let repeat = 0; repeat < 5; repeat++) {
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, autoRepeat: true });
  }
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
  await cdp.detach();
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([ATTACK_SHOWN]);
  expectNothingDialled();

  // The variant: typing in the page's own search box, whose Enter moves the focus to the hidden link.
  await page.locator('#search').click();
  await page.keyboard.type('shoes');
  await page.keyboard.press('Enter');
  const shown = await confirmationsDuringQuietPeriod(browser);
  expect(shown.every((number) => number === ATTACK_SHOWN)).toBe(true);
  expectNothingDialled();
  await page.close();
});

test(`${ATTACK} 3. numbers the user cannot see are never offered, and a covered number cannot be clicked through`, async () => {
  const page = await openPage('/invisible-numbers.html');
  await waitForHighlights(page, 2);
  // Only the visible honest number and the covered one are marked, none of the six planted ones.
  const marked = (await highlightedNumbers(page)).map(({ text }) => text).sort();
  expect(marked).toEqual(['(212) 555-0199', '(646) 555-0173']);
  const before = await page.evaluate(() => document.querySelectorAll('*').length);

  const planted = await page.evaluate(() =>
    [...document.querySelectorAll('.planted')].map((element) => {
      const box = element.getBoundingClientRect();
      return { x: box.left + 60, y: box.top + box.height / 2 };
    }),
  );
  expect(planted.length).toBe(6);
  for (const point of planted) await page.mouse.click(point.x, point.y);
  // The visible number under the page's transparent cover: the click lands on the cover, not on the number.
  const [covered] = (await highlightedNumbers(page)).filter(({ text }) => text === '(646) 555-0173');
  await page.mouse.click(covered!.x, covered!.y);
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
  // Nothing of ours was ever added to the page for it to restyle or move.
  expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBe(before);
  expectNothingDialled();
  await page.close();
});

test(`${ATTACK} 4. the shortcut and the menu never take a hidden frame's selection`, async () => {
  const page = await openPage('/frame-selection.html');
  const tiny = await frameOf(page, '/selecting-frame.html');
  expect(await tiny.evaluate(() => getSelection()?.toString())).toContain('900');
  const titles = await recordMenuTitles(browser);

  // The user selects words without a number in the page, and presses the shortcut.
  await page.evaluate(() => getSelection()?.selectAllChildren(document.getElementById('words') as Node));
  await pressDialSelectionShortcut(browser, page);
  await waitForBadge(browser, '!');
  // The page moves the focus into its tiny frame first.
  await page.evaluate(() => (document.getElementById('tiny') as HTMLIFrameElement).focus());
  await pressDialSelectionShortcut(browser, page);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expectNothingDialled();
  expect((await titles()).filter((title) => title.includes('900'))).toEqual([]);

  // The user's own selection is the one dialled, and only it.
  await page.evaluate(() => {
    (document.getElementById('tiny') as HTMLIFrameElement).blur();
    window.focus();
    getSelection()?.selectAllChildren(document.getElementById('mine') as Node);
  });
  await pressDialSelectionShortcut(browser, page);
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+14155550123']);
  await page.close();
});

test(`${ATTACK} 5. a pause covers the whole tab: a cross-origin frame on a paused site neither highlights nor asks`, async () => {
  await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { pausedSites: ['127.0.0.1'] } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${pages.origin}/paused-host.html`);
    const frame = await frameOf(page, '/framed-dialer.html');
    await frame.locator('#tel').click();
    expect(await frame.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks)).toEqual([false]);
    expect(await highlightCount(frame)).toBe(0);
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
    expectNothingDialled();
    await page.close();
  } finally {
    await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { pausedSites: [] } });
  }
});

test(`${ATTACK} 6. tel: text is read with the user's country and leaves only as E.164; a content script cannot dial`, async () => {
  await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { defaultCountry: 'MX' } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${pages.origin}/tel-text.html`);
    await waitUntil(() => sendAsContentScript(page, EXTENSION_NAME, { type: MessageType.GetPageSettings }), (reply) => JSON.stringify(reply).includes('"MX"'), 'the MX config');
    const opened = nextConfirmation(browser);
    await page.locator('#national').click();
    // Mexico's 55 1234 5678, not +1 551 234 5678.
    expect(await confirmationNumber(await opened)).toBe('+52 5512345678');
    await page.locator('#words').click();
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual(['+52 5512345678']);

    // What a compromised content script could send: a number as written, and a dial of its own.
    const asWritten = await sendAsContentScript(page, EXTENSION_NAME, { type: MessageType.AskToDial, number: '55 1234 5678', source: 'tel-link' });
    expect(asWritten).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const dial = await sendAsContentScript(page, EXTENSION_NAME, { type: MessageType.Dial, destination: ATTACK_NUMBER, source: 'tel-link' });
    expect(dial).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
    expectNothingDialled();
    await page.close();
  } finally {
    await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { defaultCountry: 'US' } });
  }
});

test('nothing on the way logged an error or a CSP violation', () => {
  // The Worker's refusal of the premium-rate number is an expected answer, which the window shows, not logs.
  expect(browser.problems).toEqual([]);
});
