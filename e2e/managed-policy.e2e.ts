/**
 * The organisation's policy in real Chromium: a policy file in /etc/chromium/policies/managed/ (where Chromium on
 * Linux reads machine policy; "3rdparty.extensions.<id>" holds an extension's), written while the browser runs, so
 * every step also proves that a policy change applies without a restart. Needs root (CI runs as root) and the
 * e2e lock: the file applies to every Chromium on the machine, so it is removed after the suite, and a leftover
 * from a crashed run is removed before it; every other suite refuses to launch Chromium while one is left
 * (support/managed-policy-files.ts).
 */
import { numberingPlanLine } from '../projects/shared/src/lib/phone/numbering-plans';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { MessageType, type ExtensionState } from '@voipcom/shared';
import type { Frame, Page } from 'playwright-core';
import { DEMO_USERS, DEMO_DOMAIN } from '../simulator/src/index';
import { EXTENSION_ID, launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { startE2eStack, type E2eStack } from './support/local-stack';
import { MANAGED_POLICY_DIR, managedPolicyFile } from './support/managed-policy-files';
import { confirmationsDuringQuietPeriod, nextConfirmation } from './support/confirmation-window';
import { TEL_CLICK_RECORDER } from './fixtures/dial-attack-pages';
import { highlightCount, sendAsContentScript, sendFromPopup, waitForHighlights, waitUntil } from './support/page-dialing';
import { startPageServer, type PageServer } from './support/page-server';
import { AxeLog } from './support/popup-checks';
import { screenshotPopup } from './support/popup-page';

jest.setTimeout(180_000);

const POLICY_FILE = managedPolicyFile('e2e');
const EXTENSION_NAME = 'Voipcom Click-to-Dial';
const { avery } = DEMO_USERS;
/** Chromium re-reads policy files when they change, within seconds. */
const POLICY_WAIT_MS = 30_000;
const PAGE =
  '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Contacts</title><p>Front desk: (310) 555-0142</p><p><a id="tel" href="tel:+13105550143">Sales</a></p></html>';
/** A page whose frame comes from the other site: 127.0.0.1 frames localhost and the other way round. */
const FRAMED_PAGE = (origin: string, otherOrigin: string) =>
  '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Framed</title><p>Our partner:</p>' +
  `<iframe id="partner" style="width: 480px; height: 160px; border: 0"></iframe><script>document.getElementById('partner').src = ` +
  `(location.origin === ${JSON.stringify(origin)} ? ${JSON.stringify(otherOrigin)} : ${JSON.stringify(origin)}) + '/frame.html';</script></html>`;
const FRAME =
  `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>Partner</title>${TEL_CLICK_RECORDER}</head>` +
  '<body><p>Partner desk: (415) 555-0123</p><p><a id="tel" href="tel:+13105550144">Call the partner</a></p></body></html>';

let stack: E2eStack;
let browser: ExtensionBrowser;
let pages: PageServer;
const warnings: string[] = [];
const axe = new AxeLog('managed-policy');

function writePolicy(policy: Record<string, unknown>): void {
  mkdirSync(MANAGED_POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
}

async function state(): Promise<ExtensionState> {
  return sendFromPopup(browser, { type: MessageType.GetState });
}

function waitForState(done: (current: ExtensionState) => boolean, what: string): Promise<ExtensionState> {
  return waitUntil(state, done, what, POLICY_WAIT_MS);
}

async function openPage(origin: string, path = '/contacts.html'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${origin}${path}`);
  return page;
}

/** The page's cross-origin frame, once loaded. */
async function partnerFrame(page: Page): Promise<Frame> {
  const frame = await waitUntil(
    async () => page.frames().find((candidate) => candidate.url().endsWith('/frame.html')),
    (found) => found !== undefined,
    'the frame',
  );
  if (frame === undefined) throw new Error('unreachable: no frame');
  await frame.locator('#tel').waitFor();
  return frame;
}

function telClicks(frame: Frame): Promise<boolean[]> {
  return frame.evaluate(() => (window as unknown as { telClicks: boolean[] }).telClicks);
}

beforeAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  stack = await startE2eStack();
  pages = await startPageServer();
  pages.setPage('/contacts.html', PAGE);
  pages.setPage('/framed.html', FRAMED_PAGE(pages.origin, pages.otherSiteOrigin));
  pages.setPage('/frame.html', FRAME);
  browser = await launchExtensionBrowser();
  const worker = await browser.serviceWorker();
  worker.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
});

afterAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  axe.write();
  await browser?.close();
  await stack?.stop();
  await pages?.close();
});

test('a policy written while the browser runs applies at once: the username domain completes the sign-in', async () => {
  expect((await state()).managed).toEqual({ inactiveSites: [] });
  writePolicy({
    DefaultCountry: 'MX',
    HighlightNumbers: false,
    InactiveSites: ['localhost', 'https://bank.example/login'],
    UsernameDomain: DEMO_DOMAIN,
  });
  await waitForState((current) => current.managed.usernameDomain === DEMO_DOMAIN, 'the policy to arrive');

  const popup = await browser.openPopup();
  await popup.locator('#username-hint').waitFor();
  await popup.locator('#username').fill('1001');
  await expect(popup.locator('#username-hint').textContent()).resolves.toContain(`1001@${DEMO_DOMAIN}`);
  await screenshotPopup(popup, 'managed-sign-in');
  expect(await axe.check(popup, 'managed sign-in')).toEqual([]);
  await popup.locator('#password').fill(avery.password);
  await popup.locator('button[type="submit"]').click();
  await popup.locator('#destination').waitFor();
  expect((await state()).user?.uid).toBe(avery.username);
  await popup.close();
});

test('what the admin set wins over the user and shows locked in the settings, with a note why', async () => {
  await sendFromPopup(browser, { type: MessageType.UpdateSettings, settings: { defaultCountry: 'US', highlightNumbers: true } });
  const current = await state();
  expect(current.settings).toEqual(expect.objectContaining({ defaultCountry: 'MX', highlightNumbers: false }));
  const popup = await browser.openPopup();
  await popup.locator('button[aria-controls="view"]').click();
  await popup.locator('#country-locked').waitFor();
  expect(await popup.locator('#country').isDisabled()).toBe(true);
  await expect(popup.locator('#country').inputValue()).resolves.toBe('MX');
  const highlight = popup.getByLabel('Highlight phone numbers on pages');
  expect(await highlight.isDisabled()).toBe(true);
  expect(await highlight.isChecked()).toBe(false);
  await expect(popup.locator('#country-locked').textContent()).resolves.toContain('Set by your organisation');
  await screenshotPopup(popup, 'managed-settings');
  expect(await axe.check(popup, 'managed settings')).toEqual([]);
  await popup.close();
});

test('an inactive site stays quiet, frames and all; elsewhere tel: links still ask to dial, with no highlighting', async () => {
  const inactive = await openPage(pages.otherSiteOrigin);
  const quiet = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'MX', numberingPlan: numberingPlanLine('MX') };
  expect(await sendAsContentScript(inactive, EXTENSION_NAME, { type: MessageType.GetPageSettings })).toEqual({ ok: true, data: quiet });
  await inactive.close();

  // A frame from a site the policy leaves active, inside the inactive site: judged by the tab, it is quiet too.
  const framing = await openPage(pages.otherSiteOrigin, '/framed.html');
  const frame = await partnerFrame(framing);
  expect(new URL(frame.url()).origin).toBe(pages.origin);
  expect(await sendAsContentScript(frame, EXTENSION_NAME, { type: MessageType.GetPageSettings })).toEqual({ ok: true, data: quiet });
  await frame.locator('#tel').click();
  expect(await telClicks(frame)).toEqual([false]);
  expect(await highlightCount(frame)).toBe(0);
  expect(await confirmationsDuringQuietPeriod(browser)).toEqual([]);
  await framing.close();

  // The same frame (now from the inactive site) inside an active page asks to dial: its content script really runs.
  const active = await openPage(pages.origin, '/framed.html');
  const activeFrame = await partnerFrame(active);
  expect(new URL(activeFrame.url()).origin).toBe(pages.otherSiteOrigin);
  const asking = nextConfirmation(browser);
  await activeFrame.locator('#tel').click();
  await (await asking).close();
  expect(await telClicks(activeFrame)).toEqual([true]);
  await active.close();

  const other = await openPage(pages.origin);
  const opening = nextConfirmation(browser);
  await other.locator('#tel').click();
  const window = await opening;
  await window.close();
  expect(await highlightCount(other)).toBe(0);
  await other.close();
});

test('a value the extension cannot use is ignored with a console warning, and the rest of the policy holds', () => {
  expect(warnings.some((warning) => warning.includes('https://bank.example/login'))).toBe(true);
});

test('a changed policy applies without a restart; one Chrome refuses by the schema is dropped and breaks nothing', async () => {
  writePolicy({ DefaultCountry: 'mexico', HighlightNumbers: true });
  const current = await waitForState((candidate) => candidate.managed.highlightNumbers === true, 'the changed policy');
  expect(current.managed).toEqual({ highlightNumbers: true, inactiveSites: [] });
  // The user's own country is back: the admin no longer sets one.
  expect(current.settings.defaultCountry).toBe('US');
  const page = await openPage(pages.otherSiteOrigin);
  await waitForHighlights(page, 1);
  await page.close();
});

test('a removed policy gives every choice back to the user', async () => {
  rmSync(POLICY_FILE);
  const current = await waitForState((candidate) => candidate.managed.highlightNumbers === undefined, 'the policy to go');
  expect(current.managed).toEqual({ inactiveSites: [] });
  expect(current.settings.highlightNumbers).toBe(true);
  expect(existsSync(POLICY_FILE)).toBe(false);
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
