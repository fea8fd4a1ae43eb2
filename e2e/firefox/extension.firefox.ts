/**
 * The Firefox package in real Firefox ESR (puppeteer-core over WebDriver BiDi) against the local Worker and the
 * simulator: sign-in and dialling through the popup, page numbers through the confirmation window, the page
 * attacks that matter for it (typing carried into the window included), the keyboard shortcut and Firefox's own
 * right-click menu, an unchanged page, pause per site, withheld site access, where the session id is kept and its
 * removal at sign-out, and the organisation policy from a real policies.json (a second browser, run last).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { DEMO_USERS } from '../../simulator/src/index';
import { SNAPSHOT_SCRIPT, type PageSnapshot } from '../fixtures/page-snapshot';
import { ACCEPTED_ATTACK_SHOWN, DIAL_ATTACK_PAGES, USER_NUMBER } from '../fixtures/dial-attack-pages';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import { startPageServer, type PageServer } from '../support/page-server';
import { clickContextMenuItem, openContextMenu, pressAltShift } from './support/browser-chrome';
import { FIREFOX_EXTENSION_ORIGIN, launchFirefox, type FirefoxExtension } from './support/firefox-browser';
import { writeFirefoxPolicies, type FirefoxPolicies } from './support/firefox-policies';
import {
  CONFIRMATION_PREFIX,
  closeConfirmations,
  confirmationNumber,
  confirmCall,
  highlightCount,
  highlightedNumberPoint,
  openConfirmations,
  signInThroughPopup,
  typeInto,
  waitUntil,
} from './support/firefox-pages';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
/** How long a test waits for something that must not happen (a call) before it says it did not. */
const QUIET_PERIOD_MS = 1_500;
const ATTACK_SHOWN = '+1 900 555 0123';

let stack: E2eStack;
let pages: PageServer;
let firefox: FirefoxExtension;
let profileDir: string;

const quietPeriod = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
const telClicks = (page: Page): Promise<boolean[]> => page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks);
const dialled = (): string[] => stack.simulator.calls().map((call) => `+${call.request['call-term-user'].replace(/^\+/, '')}`);

/** Sends one runtime message from an extension page, as the popup does. */
async function sendFromExtensionPage(message: object): Promise<unknown> {
  const page = await firefox.openExtensionPage();
  try {
    return await page.evaluate((sent) => chrome.runtime.sendMessage(sent), message);
  } finally {
    await page.close();
  }
}

/** Selects the whole text of the element with this id, as a user dragging over it would. */
function selectText(page: Page, id: string): Promise<void> {
  return page.evaluate((elementId) => getSelection()?.selectAllChildren(document.getElementById(elementId) as Node), id);
}

/** The number of calls the simulator recorded stays `count` for the quiet period (a test of absence). */
async function expectCallsStay(count: number): Promise<void> {
  await quietPeriod();
  expect(dialled()).toHaveLength(count);
}

/** Confirms in `window` and sees exactly one call placed, to `number` (E.164). */
async function confirmExactlyOneCall(window: Page, before: number, number: string): Promise<void> {
  await confirmCall(window);
  await waitUntil(dialled, (numbers) => numbers.length > before, 'the confirmed call');
  await expectCallsStay(before + 1);
  expect(dialled().at(-1)).toBe(number);
}

/** Opens a test page and waits until the content script marked its honest number. */
async function openTestPage(path: string): Promise<Page> {
  const page = await firefox.openPage(`${pages.origin}${path}`);
  await waitUntil(
    () => highlightCount(page),
    (count) => count > 0,
    `highlights on ${path}`,
  );
  return page;
}

/** What storage.local holds, read through the API a content script gets in Firefox (not through the adapter). */
async function rawLocalStorage(): Promise<Record<string, unknown>> {
  const page = await firefox.openExtensionPage();
  try {
    return await page.evaluate(() => chrome.storage.local.get() as Promise<Record<string, unknown>>);
  } finally {
    await page.close();
  }
}

/** The session id the background keeps, unsealed with the key only extension pages can reach (and whether that key is extractable). */
async function storedSession(): Promise<{ id: string; extractable: boolean }> {
  const page = await firefox.openExtensionPage();
  try {
    return await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('click-to-dial-keys');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error ?? new Error('indexedDB.open failed'));
      });
      const key = await new Promise<CryptoKey>((resolve, reject) => {
        const reading = db.transaction('keys').objectStore('keys').get('storage.local');
        reading.onsuccess = () => resolve(reading.result as CryptoKey);
        reading.onerror = () => reject(reading.error ?? new Error('reading the key failed'));
      });
      const sealed = ((await chrome.storage.local.get('session')) as { session: { iv: number[]; data: number[] } }).session;
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(sealed.iv) }, key, new Uint8Array(sealed.data));
      return { extractable: key.extractable, id: JSON.parse(new TextDecoder().decode(plain)) as string };
    });
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  // The Worker admits this install's origin only (an exact entry, not `moz-extension://*`): no other add-on gets CORS.
  stack = await startE2eStack({ ALLOWED_ORIGINS: FIREFOX_EXTENSION_ORIGIN });
  pages = await startPageServer();
  for (const [path, html] of Object.entries(DIAL_ATTACK_PAGES)) pages.setPage(path, html.replaceAll('{{other}}', pages.otherSiteOrigin));
  pages.setPage(
    '/numbers.html',
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body style="font: 20px sans-serif">` +
      `<p><a id="tel" href="tel:+12125550142">Call the office</a></p><p id="text">Front desk (415) 555-0123</p>` +
      `<script>window.telClicks = []; addEventListener('click', (event) => { if (event.target.closest('a[href^="tel:"]')) { window.telClicks.push(event.defaultPrevented); event.preventDefault(); } });</script>` +
      `</body></html>`,
  );
  pages.setPage(
    '/unchanged.html',
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body style="font: 20px sans-serif">` +
      `<main><h1>Contact us</h1><p id="desk">Front desk: (212) 555-0199, weekdays.</p><p><a id="tel" href="tel:+13105550142">Call sales</a></p>` +
      `<p id="words">Only words here.</p></main>${SNAPSHOT_SCRIPT}</body></html>`,
  );
  profileDir = mkdtempSync(join(tmpdir(), 'c2d-firefox-profile-'));
  firefox = await launchFirefox({ profileDir });
});

afterAll(async () => {
  await firefox?.close();
  await pages?.close();
  await stack?.stop();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

afterEach(async () => {
  if (firefox) await closeConfirmations(firefox);
});

describe('the Firefox package in Firefox ESR', () => {
  it('signs in through the popup page and dials from its number field', async () => {
    const popup = await firefox.openExtensionPage();
    await signInThroughPopup(popup, avery);
    await typeInto(popup, '#destination', '(212) 555-0100');
    await popup.click('button.btn-dial');
    await waitUntil(dialled, (numbers) => numbers.includes('+12125550100'), 'the popup dial');
    await popup.close();
  });

  it('[policy: place calls you have explicitly requested] dials a tel: link only after Call in the confirmation window', async () => {
    const before = dialled().length;
    const page = await openTestPage('/numbers.html');
    const opened = firefox.nextPage(CONFIRMATION_PREFIX);
    await page.click('#tel');
    const window = await opened;
    expect(await confirmationNumber(window)).toBe('+1 212 555 0142');
    expect(await page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks)).toEqual([true]);
    await quietPeriod();
    expect(dialled().length).toBe(before);
    await confirmCall(window);
    await waitUntil(dialled, (numbers) => numbers.length === before + 1 && numbers.at(-1) === '+12125550142', 'the confirmed call');
    await page.close();
  });

  it('[policy: place calls you have explicitly requested] dials a highlighted number through the confirmation window', async () => {
    const before = dialled().length;
    const page = await openTestPage('/numbers.html');
    const point = await highlightedNumberPoint(page, '(415) 555-0123');
    const opened = firefox.nextPage(CONFIRMATION_PREFIX);
    await page.mouse.click(point.x, point.y);
    const window = await opened;
    expect(await confirmationNumber(window)).toBe('+1 415 555 0123');
    await confirmCall(window);
    await waitUntil(dialled, (numbers) => numbers.length === before + 1 && numbers.at(-1) === '+14155550123', 'the confirmed call');
    await page.close();
  });

  describe('page attacks', () => {
    it('[policy: place calls you have explicitly requested] an invisible tel: overlay opens the window, never a call', async () => {
      const before = dialled().length;
      const page = await openTestPage('/overlay.html');
      const opened = firefox.nextPage(CONFIRMATION_PREFIX);
      await page.mouse.click(300, 300);
      const window = await opened;
      expect(await confirmationNumber(window)).toBe(ATTACK_SHOWN);
      await quietPeriod();
      expect(dialled().length).toBe(before);
      // The window has the focus: left open, the next test's keys would go to it (its Cancel) instead of the page.
      await window.close();
      await page.close();
    });

    it('[policy: place calls you have explicitly requested] Enter on a hidden link opens the window, never a call', async () => {
      const before = dialled().length;
      const page = await openTestPage('/hidden-link.html');
      await page.click('#search');
      // The page moves the focus from its search box to the hidden link, as a script may at any moment.
      await page.evaluate(() => (window as unknown as { focusTrap: () => void }).focusTrap());
      const opened = firefox.nextPage(CONFIRMATION_PREFIX);
      await page.keyboard.press('Enter');
      const window = await opened;
      // This page's trap holds a number the Worker would accept (+1 809): only the window stands between it and a call.
      expect(await confirmationNumber(window)).toBe('+1 809 555 0123');
      await quietPeriod();
      expect(dialled().length).toBe(before);
      await page.close();
    });

    it('[policy: place calls you have explicitly requested] typing carried on into the window lands on Cancel, never on Call', async () => {
      const before = dialled().length;
      const page = await openTestPage('/chat.html');
      await page.click('#chat');
      await page.keyboard.type('hello');
      // The page moves the focus to its hidden tel: link once the user pauses typing.
      await page.waitForFunction(() => document.activeElement?.id === 'trap');
      const opened = firefox.nextPage(CONFIRMATION_PREFIX);
      await page.keyboard.press('Enter');
      const window = await opened;
      expect(await confirmationNumber(window)).toBe(ACCEPTED_ATTACK_SHOWN);
      // Call is not focused when the window opens; the user goes on typing, and it goes to the window.
      expect(await window.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
      // Real key events with their text: the space is what presses a focused button.
      await window.keyboard.type('ok ', { delay: 50 });
      // The space pressed Cancel (the keys landed): the window closed, and nothing was dialled.
      await waitUntil(
        () => openConfirmations(firefox).then((open) => open.length),
        (open) => open === 0,
        'the window to close',
      );
      await expectCallsStay(before);
      // The user's own number on the same page still dials, once, through the window.
      const honest = firefox.nextPage(CONFIRMATION_PREFIX);
      await page.click('#mine-tel');
      const mine = await honest;
      expect(await confirmationNumber(mine)).toBe('+1 415 555 0123');
      await confirmExactlyOneCall(mine, before, USER_NUMBER);
      await page.close();
    });
  });

  describe('the keyboard shortcut and the right-click item', () => {
    it('[policy: place calls you have explicitly requested] the shortcut (Alt+Shift+D pressed in the browser window) opens the window for the selected number; Call dials it once', async () => {
      const before = dialled().length;
      const page = await openTestPage('/numbers.html');
      await selectText(page, 'text');
      await page.evaluate(() => {
        const scope = window as unknown as { keys: string[] };
        scope.keys = [];
        addEventListener('keydown', (event) =>
          scope.keys.push(`${event.altKey ? 'Alt+' : ''}${event.shiftKey ? 'Shift+' : ''}${event.code}`),
        );
      });
      const opened = firefox.nextPage(CONFIRMATION_PREFIX);
      await pressAltShift(firefox.browser, page, 'D');
      const window = await opened;
      // The chord reached the page as keys do (the page sees them first), then Firefox's shortcut fired the command.
      expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toContain('Alt+Shift+KeyD');
      expect(await confirmationNumber(window)).toBe('+1 415 555 0123');
      await expectCallsStay(before);
      await confirmExactlyOneCall(window, before, '+14155550123');
      await page.close();
    });

    it('[policy: the right-click menu only adds the Dial item] Firefox\'s own right-click menu on a selection holds one item of ours, "Dial …"; it opens the window, and Call dials once', async () => {
      const before = dialled().length;
      const page = await openTestPage('/numbers.html');
      await selectText(page, 'text');
      const point = await page.evaluate(() => {
        const box = (document.getElementById('text') as HTMLElement).getBoundingClientRect();
        return { x: box.left + 30, y: box.top + box.height / 2 };
      });
      const items = await openContextMenu(firefox.browser, page, point.x, point.y);
      expect(items).toHaveLength(1);
      const [dial] = items;
      if (dial === undefined) throw new Error('unreachable: no item');
      expect(dial.label).toMatch(/^Dial .*415.*555.*0123/);
      const opened = firefox.nextPage(CONFIRMATION_PREFIX);
      await clickContextMenuItem(firefox.browser, dial);
      const window = await opened;
      expect(await confirmationNumber(window)).toBe('+1 415 555 0123');
      await expectCallsStay(before);
      await confirmExactlyOneCall(window, before, '+14155550123');
      await page.close();
    });
  });

  it('[policy: does not modify any page beyond highlighting detected phone numbers] the DOM and layout stay identical after the scan and while a number is being confirmed', async () => {
    const page = await openTestPage('/unchanged.html');
    const snapshot = (): Promise<PageSnapshot> =>
      page.evaluate(() => (window as unknown as { pageSnapshot(): PageSnapshot }).pageSnapshot());
    const before = await page.evaluate(() => (window as unknown as { snapshotBeforeScan: PageSnapshot }).snapshotBeforeScan);
    expect(before.nodes.length).toBeGreaterThan(10);
    // The content script has scanned (the number is highlighted) and changed nothing of the page.
    expect(await snapshot()).toEqual(before);
    const opened = firefox.nextPage(CONFIRMATION_PREFIX);
    await page.click('#tel');
    const window = await opened;
    expect(await confirmationNumber(window)).toBe('+1 310 555 0142');
    // The confirmation is a window of the extension's own: nothing is added to the page for it.
    expect(await snapshot()).toEqual(before);
    await window.close();
    await page.close();
  });

  it('[policy: detect tel: links only where you choose to dial] leaves a paused site alone, and dials there again once resumed', async () => {
    await sendFromExtensionPage({ type: 'settings/update', settings: { pausedSites: ['127.0.0.1'] } });
    const page = await firefox.openPage(`${pages.origin}/numbers.html`);
    await page.click('#tel');
    // The page saw its click go through unhandled: the content script is there and let the link be.
    await waitUntil(
      () => page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks),
      (clicks) => clicks.length === 1,
      'the click',
    );
    expect(await page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks)).toEqual([false]);
    expect(await highlightCount(page)).toBe(0);
    await quietPeriod();
    expect(await openConfirmations(firefox)).toHaveLength(0);
    await page.close();

    await sendFromExtensionPage({ type: 'settings/update', settings: { pausedSites: [] } });
    const resumed = await openTestPage('/numbers.html');
    const opened = firefox.nextPage(CONFIRMATION_PREFIX);
    await resumed.click('#tel');
    expect(await confirmationNumber(await opened)).toBe('+1 212 555 0142');
    await resumed.close();
  });

  describe('storage', () => {
    it('[policy: storage only keeps you signed in] storage.local holds only the session, settings and dismissed notice, each sealed', async () => {
      const stored = await rawLocalStorage();
      expect(Object.keys(stored).every((key) => ['session', 'settings', 'dismissedPolicy'].includes(key))).toBe(true);
      expect(Object.keys(stored)).toContain('session');
      for (const value of Object.values(stored)) expect(Object.keys(value as object).sort()).toEqual(['data', 'iv', 'sealed']);
    });

    it('[policy: storage only keeps you signed in] a content script reading storage.local cannot learn the session id', async () => {
      // What a content script gets from storage.local in Firefox is exactly this raw view: ciphertext.
      const raw = JSON.stringify(await rawLocalStorage());
      const session = await storedSession();
      expect(session.extractable).toBe(false);
      expect(session.id.length).toBeGreaterThan(20);
      expect(raw).not.toContain(session.id);
      // The Worker knows that id: it is the live session, not a leftover.
      const status = await fetch(`${stack.workerUrl}/v1/session`, { headers: { authorization: `Bearer ${session.id}` } });
      expect(status.status).toBe(200);
      // A web page cannot open the extension origin's key store: its own IndexedDB is another origin's.
      const web = await firefox.openPage(`${pages.origin}/numbers.html`);
      const names = await web.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));
      expect(names).not.toContain('click-to-dial-keys');
      await web.close();
    });

    it('[policy: the session id persists locally until sign-out or uninstall] keeps the user signed in across a browser restart', async () => {
      await firefox.close();
      firefox = await launchFirefox({ profileDir });
      const popup = await firefox.openExtensionPage();
      await popup.waitForSelector('#destination', { visible: true, timeout: 20_000 });
      await popup.close();
    });
  });

  it('[policy: detect tel: links only where you choose to dial] does nothing on pages while site access is withheld, and asks for it in the popup', async () => {
    const popup = await firefox.openExtensionPage();
    expect(await popup.evaluate(() => chrome.permissions.remove({ origins: ['<all_urls>'] }))).toBe(true);
    await popup.close();

    const page = await firefox.openPage(`${pages.origin}/numbers.html`);
    await page.click('#tel');
    await waitUntil(
      () => page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks),
      (clicks) => clicks.length === 1,
      'the click',
    );
    expect(await page.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks)).toEqual([false]);
    expect(await highlightCount(page)).toBe(0);
    await page.close();

    const asking = await firefox.openExtensionPage();
    const notice = await asking.waitForSelector('vc-site-access p', { visible: true });
    expect(await notice?.evaluate((node) => node.textContent)).toContain('Access to websites is off');
    await asking.click('vc-site-access button');
    await asking.waitForSelector('vc-site-access p', { hidden: true });
    expect(await asking.evaluate(() => chrome.permissions.contains({ origins: ['<all_urls>'] }))).toBe(true);
    await asking.close();

    const granted = await openTestPage('/numbers.html');
    const opened = firefox.nextPage(CONFIRMATION_PREFIX);
    await granted.click('#tel');
    expect(await confirmationNumber(await opened)).toBe('+1 212 555 0142');
    await granted.close();
  });

  it('reaches the Worker from its moz-extension origin, the one origin the Worker admits, with no console errors from the extension', async () => {
    expect(firefox.problems).toEqual([]);
    // The extension's requests carried its origin and got through (the tests above signed in and dialled); another
    // add-on's origin is refused.
    for (const [origin, status] of [
      [FIREFOX_EXTENSION_ORIGIN, 200],
      ['moz-extension://9f8e7d6c-5b4a-4392-8181-7a6b5c4d3e2f', 403],
    ] as const) {
      const answer = await fetch(`${stack.workerUrl}/v1/policy`, { headers: { Origin: origin } });
      expect([origin, answer.status]).toEqual([origin, status]);
      await answer.arrayBuffer();
    }
  });

  it('[policy: sign-out clears the local session] Sign out in the popup removes the session from storage at once and ends it at the Worker', async () => {
    const { id } = await storedSession();
    const popup = await firefox.openExtensionPage();
    await popup.waitForSelector('#destination', { visible: true });
    const clicked = await popup.evaluate(() => {
      const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === 'Sign out');
      button?.click();
      return button !== undefined;
    });
    expect(clicked).toBe(true);
    await popup.waitForSelector('#username', { visible: true });
    // Read as soon as the popup shows the sign-in form: "immediately".
    const stored = await popup.evaluate(() => chrome.storage.local.get());
    expect(Object.keys(stored)).not.toContain('session');
    const atWorker = await fetch(`${stack.workerUrl}/v1/session`, { headers: { authorization: `Bearer ${id}` } });
    expect(atWorker.status).toBe(401);
    // Signed in again, for the tests after this one.
    await signInThroughPopup(popup, avery);
    await popup.close();
  });
});

describe('the organisation policy from a real policies.json', () => {
  const POLICY = { HighlightNumbers: false, InactiveSites: ['localhost'] };
  let managed: FirefoxExtension;
  let policies: FirefoxPolicies;

  beforeAll(async () => {
    policies = await writeFirefoxPolicies(POLICY);
    // Firefox reads policies.json at start: a browser started now, with a fresh profile, gets it.
    managed = await launchFirefox();
  });

  afterAll(async () => {
    await managed?.close();
    await policies?.remove();
  });

  it("[policy: detect tel: links only where you choose to dial] storage.managed holds the file's settings: numbers stay unmarked, and the inactive site is left alone", async () => {
    const popup = await managed.openExtensionPage();
    expect(await popup.evaluate(() => chrome.storage.managed.get())).toEqual(POLICY);
    await signInThroughPopup(popup, avery);
    await popup.close();

    // The browser without the policy marks this page's numbers (the control for HighlightNumbers).
    const control = await openTestPage('/numbers.html');
    await control.close();

    // On 127.0.0.1 the content script is active (it sends the tel: link to the window), with nothing marked.
    const page = await managed.openPage(`${pages.origin}/numbers.html`);
    const opened = managed.nextPage(CONFIRMATION_PREFIX);
    await page.click('#tel');
    const window = await opened;
    expect(await confirmationNumber(window)).toBe('+1 212 555 0142');
    expect(await telClicks(page)).toEqual([true]);
    expect(await highlightCount(page)).toBe(0);
    await window.close();
    await page.close();

    // localhost is inactive by policy: its tel: link click goes through unhandled, and no window opens.
    const inactive = await managed.openPage(`${pages.otherSiteOrigin}/numbers.html`);
    await inactive.click('#tel');
    await waitUntil(
      () => telClicks(inactive),
      (clicks) => clicks.length === 1,
      'the click',
    );
    expect(await telClicks(inactive)).toEqual([false]);
    await quietPeriod();
    expect(await managed.openPages(CONFIRMATION_PREFIX)).toHaveLength(0);
    expect(await highlightCount(inactive)).toBe(0);
    await inactive.close();
  });
});
