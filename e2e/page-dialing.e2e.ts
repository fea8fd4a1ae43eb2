/** Dialling from the page in Chromium with the built extension: tel: links (later ones, in iframes, by keyboard) and
 * highlighted numbers, the context menu (its title shows the number) and the dial-selection shortcut, each confirmed
 * in the extension's own window by mouse or keyboard, the quiet signed-out page, an unchanged DOM, a clean stop, and what leaves the page
 * (only the chosen number as E.164, only to the Worker). The attacks on all this are in hostile/dial-attacks. */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType } from '@voipcom/shared';
import type { Page, Request } from 'playwright-core';
import { numberingPlanLine } from '../projects/shared/src/lib/phone/numbering-plans';
import { DEMO_USERS } from '../simulator/src/index';
import { EXTENSION_DIR, EXTENSION_ORIGIN, launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { SIGNED_IN_BADGES, waitForBadge } from './support/extension-state';
import { startE2eStack, type E2eStack } from './support/local-stack';
import {
  armedCall,
  confirmationNumber,
  confirmationsDuringQuietPeriod,
  confirmCall,
  nextConfirmation,
} from './support/confirmation-window';
import {
  clickHighlightedNumber,
  dialledNumbers,
  dispatchContextMenuClick,
  highlightCount,
  highlightedNumbers,
  highlightRegistered,
  pressDialSelectionShortcut,
  recordMenuTitles,
  selectElementText,
  sendAsContentScript,
  sendFromPopup,
  waitForCalls,
  waitForHighlights,
  waitUntil,
  type PageFrame,
} from './support/page-dialing';
import { startPageServer, type PageServer } from './support/page-server';
import { SNAPSHOT_SCRIPT, type PageSnapshot } from './fixtures/page-snapshot';
import { TEL_CLICK_RECORDER } from './fixtures/dial-attack-pages';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
const EXTENSION_NAME = 'Voipcom Click-to-Dial';
/** Text that exists only in the test pages: it must never show up in a request. */
const MARKER = `c2d-marker-${randomUUID()}`;

/**
 * A complete page. An empty icon spares the favicon 404; no whitespace after the body's last element, which the
 * parser would append to <body> (after the snapshot was taken).
 */
function html(title: string, body: string, tail = ''): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
    `<title>${title}</title>${TEL_CLICK_RECORDER}</head>` +
    `<body style="margin: 0; padding: 16px; font: 16px/1.5 sans-serif">${body}${tail}</body></html>`
  );
}

/** Every page holds one plain-text number: once it is highlighted, the content script is active there. */
const PAGES: Record<string, string> = {
  '/tel.html': html(
    'tel: link',
    `<p>Front desk: (212) 555-0199</p><p><a id="tel" href="tel:+1-310-555-0142">Call sales</a></p>` + `<div id="later"></div>`,
  ),
  '/frame.html': html('framed', `<p>Frame desk: (415) 555-0123</p><p><a id="tel" href="tel:(646)%20555-0173">Call support</a></p>`),
  '/frame-host.html': html(
    'frame host',
    `<p>The support widget:</p><iframe src="/frame.html" style="width: 480px; height: 200px; border: 0"></iframe>`,
  ),
  '/numbers.html': html(
    'numbers',
    `<main><h1>Contact us</h1>` +
      `<p id="desk">Front desk: (212) 555-0199, weekdays nine to five.</p>` +
      `<p id="branch">Branch office <b>(415) 555-0123</b> in the city.</p>` +
      `<p id="words">This line holds no number at all, only words and more words.</p></main>`,
    SNAPSHOT_SCRIPT,
  ),
  '/private.html': html(
    `Account ${MARKER}`,
    `<main data-note="${MARKER}"><p id="secret">Customer ${MARKER} owes 1,250.00 on invoice 88-4411.</p>` +
      `<p id="desk">Front desk: (212) 555-0199</p><p id="other">Fax (646) 555-0188, never dialled.</p>` +
      `<p id="branch">Branch (415) 555-0123</p>` +
      `<p><a id="tel" href="tel:+1-310-555-0142">Call sales ${MARKER}</a></p></main>`,
  ),
};

let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}${path}`);
  // The user works in this tab: its window has the focus (the selection is read only in the focused frame).
  await page.bringToFront();
  return page;
}

/** What the page's bubbling click listener saw: `defaultPrevented` of each tel: link click, in order. */
function telClicks(frame: PageFrame): Promise<boolean[]> {
  return frame.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks);
}

let signedIn = false;

async function signIn(): Promise<void> {
  const { username, password } = avery;
  const state = await sendFromPopup(browser, { type: MessageType.SignIn, username, password });
  expect(state.status).toBe('signed-in');
  signedIn = true;
}

async function signOut(): Promise<void> {
  const state = await sendFromPopup(browser, { type: MessageType.SignOut });
  expect(state.status).toBe('signed-out');
  signedIn = false;
}

/** A test that signs out leaves the user signed in again for the next one, even when it fails half-way. */
async function ensureSignedIn(): Promise<void> {
  if (!signedIn) await signIn();
}

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  Object.entries(PAGES).forEach(([path, page]) => pages.setPage(path, page));
  browser = await launchExtensionBrowser();
  await signIn();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
});

beforeEach(() => stack.simulator.clearCalls());

/**
 * Does what a user does with a number a page offers: `click` it, read the confirmation window, click Call there.
 * Returns the number the window showed; nothing is dialled before the Call click.
 */
async function clickAndConfirm(click: () => Promise<void>): Promise<string> {
  const opened = nextConfirmation(browser);
  const callsBefore = stack.simulator.calls().length;
  await click();
  const window = await opened;
  const shown = await confirmationNumber(window);
  expect(stack.simulator.calls().length).toBe(callsBefore);
  await confirmCall(window);
  // Placed: the window says so and closes itself.
  await window.waitForEvent('close', { timeout: 15_000 });
  return shown;
}

test('the built content script stays under its 30 KB budget', () => {
  const size = statSync(join(EXTENSION_DIR, 'content', 'main.js')).size;
  expect(size).toBeGreaterThan(0);
  expect(size).toBeLessThan(30 * 1024);
});

test('a tel: link click asks in the extension’s window, and Call there places the call; the link is not handed off', async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  const shown = await clickAndConfirm(() => page.locator('#tel').click());
  expect(shown).toBe('+1 310 555 0142');
  const calls = await waitForCalls(stack, 1);
  expect(dialledNumbers(calls)).toEqual(['+13105550142']);
  expect(calls[0].uid).toBe(avery.uid);
  // The extension cancelled the click before the page saw it: the browser never followed the tel: link.
  expect(await telClicks(page)).toEqual([true]);
  expect(page.url()).toBe(`${pages.origin}/tel.html`);
  await page.close();
});

test('by keyboard alone: Enter on a focused tel: link, then Tab to the armed Call button and Enter', async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  await page.locator('#tel').focus();
  const opened = nextConfirmation(browser);
  await page.keyboard.press('Enter');
  const window = await opened;
  // Cancel has the focus at first, never Call: a stray Enter or Space can only decline.
  expect(await window.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
  // Armed once the window had no input for a moment; then Tab reaches Call, and Enter there is the user's decision.
  await armedCall(window);
  await window.keyboard.press('Tab');
  expect(await window.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Call');
  expect(stack.simulator.calls()).toEqual([]);
  await window.keyboard.press('Enter');
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+13105550142']);
  await page.close();
});

test('a confirmation survives a restart of the service worker while its window is open', async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  const opened = nextConfirmation(browser);
  await page.locator('#tel').click();
  const window = await opened;
  await browser.stopServiceWorker();
  // Call wakes the service worker, which finds the pending number in chrome.storage.session.
  await confirmCall(window);
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+13105550142']);
  await page.close();
});

test('a tel: link added after the page loaded is handled too', async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.id = 'added';
    link.href = 'tel:+16465550173';
    link.textContent = 'Call the new line';
    document.getElementById('later')?.append(link);
  });
  await clickAndConfirm(() => page.locator('#added').click());
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+16465550173']);
  expect(await telClicks(page)).toEqual([true]);
  await page.close();
});

test('a tel: link inside an iframe is handled (the content script runs in every frame)', async () => {
  const page = await openPage('/frame-host.html');
  const frame = await waitUntil(
    () => page.frames().find((candidate) => candidate.url().endsWith('/frame.html')),
    (found) => found !== undefined,
    'the iframe',
  );
  if (frame === undefined) throw new Error('unreachable: no iframe');
  await waitForHighlights(frame);
  await clickAndConfirm(() => frame.locator('#tel').click());
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+16465550173']);
  expect(await telClicks(frame)).toEqual([true]);
  await page.close();
});

test('a click on a highlighted number asks in the extension’s window, and Call there dials that number', async () => {
  const page = await openPage('/numbers.html');
  await waitForHighlights(page, 2);
  const marked = (await highlightedNumbers(page)).map(({ text }) => text);
  expect(marked.sort()).toEqual(['(212) 555-0199', '(415) 555-0123']);
  const shown = await clickAndConfirm(() => clickHighlightedNumber(page, '(212) 555-0199'));
  expect(shown).toBe('+1 212 555 0199');
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+12125550199']);
  await page.close();
});

test('a stray click never asks: beside the number, on a line without one, or by a page script; Escape cancels', async () => {
  const page = await openPage('/numbers.html');
  await waitForHighlights(page, 2);
  // On the same text node as a number, but on its words, on a line with no number, and on empty space.
  const besides = await page.evaluate(() => {
    const desk = document.getElementById('desk')?.firstChild;
    const words = document.getElementById('words');
    if (!(desk instanceof Text) || words === null) throw new Error('page changed');
    const label = document.createRange();
    label.setStart(desk, 0);
    label.setEnd(desk, 'Front'.length);
    const box = label.getBoundingClientRect();
    const line = words.getBoundingClientRect();
    return [
      { x: box.left + box.width / 2, y: box.top + box.height / 2 },
      { x: line.left + line.width / 2, y: line.top + line.height / 2 },
      { x: 640, y: 600 },
    ];
  });
  for (const point of besides) await page.mouse.click(point.x, point.y);
  // A page script's synthetic click right on a number is not the user's.
  const [number] = await highlightedNumbers(page);
  await page.evaluate(({ x, y }) => {
    document.elementFromPoint(x, y)?.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));
  }, number);
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);

  // A real click asks; Escape in the window cancels it and closes the window without a call.
  const opened = nextConfirmation(browser);
  await clickHighlightedNumber(page, '(415) 555-0123');
  const window = await opened;
  const closed = window.waitForEvent('close');
  // Escape's keydown cancels and closes the window at once: no keyup can follow.
  await window.keyboard.down('Escape');
  await closed;
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
  expect(stack.simulator.calls()).toEqual([]);
  await page.close();
});

const UNCHANGED_PAGE = '[policy: does not modify any page beyond highlighting detected phone numbers]';

test(`${UNCHANGED_PAGE} the DOM and layout stay identical, also while a number is being confirmed`, async () => {
  const page = await openPage('/numbers.html');
  await waitForHighlights(page, 2);
  const snapshot = (): Promise<PageSnapshot> => page.evaluate(() => (window as unknown as { pageSnapshot(): PageSnapshot }).pageSnapshot());
  const before = await page.evaluate(() => (window as unknown as { snapshotBeforeScan: PageSnapshot }).snapshotBeforeScan);
  expect(before.nodes.length).toBeGreaterThan(10);
  expect(await snapshot()).toEqual(before);

  // The confirmation is a window of the extension's own: nothing is added to the page for it.
  const opened = nextConfirmation(browser);
  await clickHighlightedNumber(page, '(212) 555-0199');
  const window = await opened;
  expect(await snapshot()).toEqual(before);
  await window.close();
  expect(await snapshot()).toEqual(before);
  await page.close();
});

test('the context menu item shows the number of the selection; its window asks about exactly that number, and Call dials it', async () => {
  const page = await openPage('/numbers.html');
  await waitForHighlights(page, 2);
  const titles = await recordMenuTitles(browser);
  await selectElementText(page, 'branch');
  await waitUntil(titles, (seen) => seen.includes('Dial +14155550123'), 'the menu title with the number');
  const shown = await clickAndConfirm(() => dispatchContextMenuClick(browser, page, 'Branch office (415) 555-0123 in the city.'));
  expect(shown).toBe('+1 415 555 0123');
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+14155550123']);
  await waitForBadge(browser, SIGNED_IN_BADGES);
  // A selection without a number puts the selected text back in the title.
  await selectElementText(page, 'words');
  await waitUntil(titles, (seen) => seen.at(-1) === 'Dial “%s”', 'the default title');
  await page.close();
});

test('the context menu on text without a number shows "!" and the popup says why', async () => {
  const page = await openPage('/numbers.html');
  await dispatchContextMenuClick(browser, page, 'only words and more words');
  await waitForBadge(browser, '!');
  const popup = await browser.openPopup();
  await popup.getByText('No phone number found in the selected text.').waitFor();
  await popup.close();
  expect(stack.simulator.calls()).toEqual([]);
  await page.close();
});

test('the dial-selection shortcut asks in the window about the number selected, confirmed by keyboard; it says so when there is none', async () => {
  const page = await openPage('/numbers.html');
  await waitForHighlights(page, 2);
  await selectElementText(page, 'branch');
  const opened = nextConfirmation(browser);
  await pressDialSelectionShortcut(browser, page);
  const window = await opened;
  expect(await confirmationNumber(window)).toBe('+1 415 555 0123');
  expect(stack.simulator.calls()).toEqual([]);
  await armedCall(window);
  await window.keyboard.press('Tab');
  await window.keyboard.press('Enter');
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+14155550123']);
  // A successful dial clears the problem the previous test left.
  await waitForBadge(browser, SIGNED_IN_BADGES);

  await selectElementText(page, 'words');
  await pressDialSelectionShortcut(browser, page);
  await waitForBadge(browser, '!');
  expect(stack.simulator.calls()).toHaveLength(1);
  await page.close();
});

const ONLY_THE_WORKER = '[policy: the extension communicates only with the Worker]';

describe('what leaves the page while browsing and dialling', () => {
  interface SeenRequest {
    url: string;
    method: string;
    fromExtension: boolean;
    headers: string;
    body: string;
  }
  const seen: SeenRequest[] = [];
  const pending: Promise<void>[] = [];

  beforeAll(async () => {
    // The Worker allows 10 dials a minute per session: the tests before this one used most of the first session's.
    await signOut();
    await signIn();
    stack.simulator.clearCalls();
    const record = (request: Request): void => {
      pending.push(
        request.allHeaders().then((headers) => {
          seen.push({
            url: request.url(),
            method: request.method(),
            fromExtension: request.serviceWorker()?.url().startsWith(EXTENSION_ORIGIN) ?? false,
            headers: JSON.stringify(headers),
            body: request.postData() ?? '',
          });
        }),
      );
    };
    browser.context.on('request', record);
    try {
      const page = await openPage('/private.html');
      await waitForHighlights(page, 3);
      await clickAndConfirm(() => clickHighlightedNumber(page, '(212) 555-0199'));
      await waitForCalls(stack, 1);
      await clickAndConfirm(() => page.locator('#tel').click());
      await waitForCalls(stack, 2);
      await selectElementText(page, 'branch');
      await clickAndConfirm(() => pressDialSelectionShortcut(browser, page));
      await waitForCalls(stack, 3);
      await page.close();
    } finally {
      browser.context.off('request', record);
      await Promise.all(pending);
    }
  });

  test(`${ONLY_THE_WORKER} every request but the page’s own goes to the Worker`, () => {
    const calls = seen.filter((request) => request.method === 'POST' && request.url === `${stack.workerUrl}/v1/calls`);
    // The service worker's requests are visible here: a recorder that missed them could not fail this test.
    expect(calls.length).toBe(3);
    expect(calls.every((request) => request.fromExtension)).toBe(true);
    // Loading the extension's own packaged files is not network traffic.
    const elsewhere = seen.filter(
      (request) =>
        !request.url.startsWith(`${stack.workerUrl}/`) &&
        !request.url.startsWith(`${pages.origin}/`) &&
        !request.url.startsWith(`${EXTENSION_ORIGIN}/`),
    );
    expect(elsewhere).toEqual([]);
    // The page's server only ever served the page: nothing of the extension's went there.
    const toPageServer = seen.filter((request) => request.url.startsWith(`${pages.origin}/`));
    expect(toPageServer.filter((request) => request.method !== 'GET' || request.body !== '')).toEqual([]);
  });

  test('[policy: only the numbers you choose to dial are collected] only the chosen numbers leave the page, as E.164, never its text or address', () => {
    const toWorker = seen.filter((request) => request.url.startsWith(`${stack.workerUrl}/`));
    const bodies = toWorker
      .filter((request) => request.url === `${stack.workerUrl}/v1/calls`)
      .map((request) => JSON.parse(request.body) as Record<string, unknown>);
    // The highlighted number, the tel: link's number and the selection's number, each as E.164.
    expect(bodies).toEqual([{ destination: '+12125550199' }, { destination: '+13105550142' }, { destination: '+14155550123' }]);
    const everything = seen.map((request) => `${request.url} ${request.headers} ${request.body}`).join('\n');
    expect(everything).not.toContain(MARKER);
    const workerTraffic = toWorker.map((request) => `${request.url} ${request.headers} ${request.body}`).join('\n');
    // The other number, the page's figures and words, and where the user was browsing.
    const pageData = ['555-0188', '5550188', '88-4411', '1,250.00', 'Customer', 'Front desk', 'private.html'];
    for (const text of [...pageData, pages.origin]) {
      expect(workerTraffic).not.toContain(text);
    }
  });
});

const ONLY_WHERE_CHOSEN = '[policy: detect tel: links only where you choose to dial]';

test(`${ONLY_WHERE_CHOSEN} signed out: tel: links keep their default, nothing is highlighted, no call`, async () => {
  await signOut();
  try {
    const page = await openPage('/tel.html');
    // From the content script's own world: the background tells it to stay quiet.
    const quiet = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: numberingPlanLine('US') };
    expect(await sendAsContentScript(page, EXTENSION_NAME, { type: MessageType.GetPageSettings })).toEqual({ ok: true, data: quiet });
    await page.locator('#tel').click();
    expect(await telClicks(page)).toEqual([false]);
    expect(await highlightRegistered(page)).toBe(false);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);

    // The same page comes alive on sign-in: the script was there all along, and only now asks.
    await signIn();
    await waitForHighlights(page);
    await clickAndConfirm(() => page.locator('#tel').click());
    expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+13105550142']);
    expect(await telClicks(page)).toEqual([false, true]);
    await page.close();
  } finally {
    await ensureSignedIn();
  }
});

test('sign-out stops highlighting cleanly: marks, style sheet and click listener are gone', async () => {
  const page = await openPage('/numbers.html');
  try {
    await waitForHighlights(page, 2);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(1);
    const [number] = await highlightedNumbers(page);

    await signOut();
    await waitUntil(
      () => highlightRegistered(page),
      (registered) => !registered,
      'the highlight to be removed',
    );
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    // A click where the number was asks nothing now.
    await page.mouse.click(number.x, number.y);
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
  } finally {
    await ensureSignedIn();
  }
  // Signing in again restarts it on the open page.
  expect(await waitForHighlights(page, 2)).toBe(2);
  await page.close();
});

test('turning highlighting off in the settings clears the marks; tel: links still ask', async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  try {
    const off = { type: MessageType.UpdateSettings, settings: { highlightNumbers: false } };
    const state = await sendFromPopup(browser, off);
    expect(state.settings.highlightNumbers).toBe(false);
    await waitUntil(
      () => highlightRegistered(page),
      (registered) => !registered,
      'the highlight to be removed',
    );
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    await clickAndConfirm(() => page.locator('#tel').click());
    expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+13105550142']);
  } finally {
    await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { highlightNumbers: true } });
  }
  await waitForHighlights(page);
  await page.close();
});

test(`${ONLY_WHERE_CHOSEN} pausing the site stops everything there: no marks, tel: links behave as without the extension`, async () => {
  const page = await openPage('/tel.html');
  await waitForHighlights(page);
  try {
    await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { pausedSites: ['127.0.0.1'] } });
    await waitUntil(
      () => highlightRegistered(page),
      (registered) => !registered,
      'the highlight to be removed',
    );
    await page.locator('#tel').click();
    expect(await telClicks(page)).toEqual([false]);
    expect(await highlightCount(page)).toBe(0);
    expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
  } finally {
    await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { pausedSites: [] } });
  }
  // Unpaused, the same page is active again, and its next click is the only call.
  await waitForHighlights(page);
  await clickAndConfirm(() => page.locator('#tel').click());
  expect(dialledNumbers(await waitForCalls(stack, 1))).toEqual(['+13105550142']);
  await page.close();
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
