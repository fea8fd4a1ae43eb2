/**
 * What the content script does signed in, on a page holding more than numbers (a typed form field, a cookie, local
 * storage, a title): it reads none of those, sends the background nothing but its settings request and the numbers
 * the user chose, and leaves the page's DOM as the page made it. Spies run inside the content script's own isolated
 * world (found through CDP), where its reads happen.
 */
import { randomUUID } from 'node:crypto';
import { MessageType } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { confirmationNumber, nextConfirmation } from '../support/confirmation-window';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import {
  clickHighlightedNumber,
  evaluateInContentScript,
  highlightCount,
  sendFromPopup,
  waitForHighlights,
  waitUntil,
} from '../support/page-dialing';
import { startPageServer, type PageServer } from '../support/page-server';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
const EXTENSION_NAME = 'Voipcom Click-to-Dial';
const MARKER = `c2d-reach-${randomUUID()}`;
const PAGE =
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Account ${MARKER}</title>` +
  `<script>document.cookie = 'secret=${MARKER}'; localStorage.setItem('secret', '${MARKER}'); sessionStorage.setItem('secret', '${MARKER}');` +
  `addEventListener('click', (event) => { if (event.target instanceof Element && event.target.closest('a[href^="tel:"]')) event.preventDefault(); });</script></head>` +
  `<body style="margin: 0; padding: 16px; font: 16px/1.5 sans-serif"><p id="desk">Front desk: (212) 555-0199</p>` +
  `<p><a id="tel" href="tel:+1-310-555-0142">Call sales</a></p>` +
  `<form><label>Notes <input id="notes" name="notes"></label><textarea id="more"></textarea></form><div id="later"></div></body></html>`;

/**
 * Installed in the content script's world: counts every read of a form field's value, the cookie, web storage, the
 * title and the page's address. One read of the cookie right after installing proves the spies catch reads there.
 */
const INSTALL_SPIES = `(() => {
  const reads = [];
  const watch = (holder, name, label) => {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor === undefined) throw new Error('no ' + label);
    Object.defineProperty(holder, name, {
      ...descriptor,
      ...(descriptor.get ? { get() { reads.push(label); return descriptor.get.call(this); } } : {}),
      ...(typeof descriptor.value === 'function' ? { value(...args) { reads.push(label); return descriptor.value.apply(this, args); } } : {}),
    });
  };
  watch(HTMLInputElement.prototype, 'value', 'input.value');
  watch(HTMLTextAreaElement.prototype, 'value', 'textarea.value');
  watch(HTMLSelectElement.prototype, 'value', 'select.value');
  watch(HTMLFormElement.prototype, 'elements', 'form.elements');
  watch(Document.prototype, 'cookie', 'document.cookie');
  watch(Document.prototype, 'title', 'document.title');
  watch(Document.prototype, 'URL', 'document.URL');
  watch(Document.prototype, 'referrer', 'document.referrer');
  watch(Storage.prototype, 'getItem', 'storage.getItem');
  watch(Storage.prototype, 'key', 'storage.key');
  watch(window, 'localStorage', 'localStorage');
  watch(window, 'sessionStorage', 'sessionStorage');
  globalThis.__c2dReads = reads;
  void document.cookie;
  return reads.splice(0);
})()`;

let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  pages.setPage('/account.html', PAGE);
  browser = await launchExtensionBrowser();
  const state = await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  expect(state.status).toBe('signed-in');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await pages?.close();
});

test('[policy: detect tel: links only where you choose to dial] signed in, the content script reads no field, cookie, storage, title or address, sends only its settings request and the chosen numbers, and changes no DOM', async () => {
  // Every message a web page's frame sends the background (only content scripts can), from before the page loads.
  const worker = await browser.serviceWorker();
  await worker.evaluate(() => {
    const seen: unknown[] = [];
    (globalThis as unknown as { c2dTabMessages: unknown[] }).c2dTabMessages = seen;
    chrome.runtime.onMessage.addListener((message: unknown, sender: chrome.runtime.MessageSender) => {
      // Web pages' frames only: the confirmation window is an extension page in a tab of its own.
      if (sender.tab !== undefined && sender.url?.startsWith('http') === true) seen.push(message);
      return false;
    });
  });
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/account.html`);
  await waitForHighlights(page, 1);
  expect(await evaluateInContentScript(page, EXTENSION_NAME, INSTALL_SPIES)).toEqual(['document.cookie']);
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);

  // What a user does on such a page: types into its form, the page adds a number, the user clicks two numbers.
  await page.locator('#notes').fill(`typed ${MARKER}`);
  await page.locator('#more').fill(`more ${MARKER}`);
  await page.evaluate(() => {
    const later = document.getElementById('later')!;
    later.textContent = 'Branch office (415) 555-0123';
  });
  const domWithAddition = await page.evaluate(() => document.documentElement.outerHTML);
  expect(domWithAddition).not.toBe(domBefore);
  await waitForHighlights(page, 2);
  const first = nextConfirmation(browser);
  await clickHighlightedNumber(page, '(415) 555-0123');
  const firstWindow = await first;
  expect(await confirmationNumber(firstWindow)).toContain('415');
  await firstWindow.close();
  const second = nextConfirmation(browser);
  await page.locator('#tel').click();
  await (await second).close();

  // Read nothing but text: no field, cookie, storage, title or address.
  expect(await evaluateInContentScript(page, EXTENSION_NAME, 'globalThis.__c2dReads.slice()')).toEqual([]);
  // Changed nothing: the DOM is what the page itself made it, the highlight aside (CSS Custom Highlight, no DOM).
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domWithAddition);
  expect(await highlightCount(page)).toBe(2);

  // Sent nothing but its settings request and the two numbers the user chose.
  const messages = await waitUntil(
    () => worker.evaluate(() => (globalThis as unknown as { c2dTabMessages: unknown[] }).c2dTabMessages),
    (seen) => seen.filter((message) => (message as { type?: string }).type === MessageType.AskToDial).length >= 2,
    'the two asks',
  );
  const allowed: string[] = [MessageType.GetPageSettings, MessageType.AskToDial, MessageType.ReportSelection];
  const types = [...new Set(messages.map((message) => (message as { type: string }).type))];
  expect(types.filter((type) => !allowed.includes(type))).toEqual([]);
  expect(types).toContain(MessageType.GetPageSettings);
  const asked = messages
    .filter((message) => (message as { type: string }).type === MessageType.AskToDial)
    .map((message) => (message as { number: string }).number);
  expect(asked).toEqual(['+14155550123', '+13105550142']);
  const text = JSON.stringify(messages);
  for (const secret of [MARKER, 'typed', 'Branch office', 'Front desk', 'account.html']) expect(text).not.toContain(secret);
  await page.close();
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
