/**
 * The extension in English, Spanish and French (Chromium's --lang, which chrome.i18n follows): every popup state
 * and the confirmation window in each language, screenshot as test-results/screenshots/popup-<lang>-<state>.png,
 * with no English left in Spanish or French, no text cut off at the popup's width, and axe-core's serious and
 * critical violations at 0. Also the toolbar button's tooltip.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtensionBrowser } from './support/extension-browser';
import { startE2eStack } from './support/local-stack';
import { waitUntil } from './support/page-dialing';
import { startPageServer, type PageServer } from './support/page-server';
import { AxeLog, cutOffText, englishLeftovers } from './support/popup-checks';
import { UPCOMING_POLICY_VARS, walkPopupStates } from './support/popup-states';

jest.setTimeout(240_000);

const SCREENSHOTS = join(__dirname, '..', 'test-results', 'screenshots');
const axe = new AxeLog('i18n');
let pages: PageServer;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  pages = await startPageServer();
});

afterAll(async () => {
  axe.write();
  await pages?.close();
});

/** The toolbar button's tooltip when signed out, as the browser shows it (drawn by the browser, not the popup). */
const SIGNED_OUT_TITLE: Record<string, string> = {
  en: 'Voipcom Click-to-Dial: signed out',
  es: 'Voipcom Click-to-Dial: sesión cerrada',
  fr: 'Voipcom Click-to-Dial : déconnecté',
};

describe.each(['en', 'es', 'fr'])('in %s', (lang) => {
  test(`every popup state and the confirmation window speak ${lang} only, fit the popup and pass axe`, async () => {
    // A stack per language: the Worker allows 10 sign-ins a minute per address, and a walk signs in 4 times.
    const stack = await startE2eStack(UPCOMING_POLICY_VARS);
    const browser = await launchExtensionBrowser({ lang });
    const failures: string[] = [];
    try {
      const worker = await browser.serviceWorker();
      expect(await worker.evaluate(() => chrome.i18n.getMessage('languageTag'))).toBe(lang);
      // The background sets the tooltip once it has started: wait for it.
      const title = () => worker.evaluate(() => chrome.action.getTitle({}));
      await waitUntil(title, (shown) => shown === SIGNED_OUT_TITLE[lang], 'the signed-out tooltip');

      await walkPopupStates(browser, stack, pages, async (page: Page, state: string) => {
        await page.setViewportSize({ width: 380, height: 600 });
        await page.screenshot({ path: join(SCREENSHOTS, `popup-${lang}-${state}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        for (const cut of await cutOffText(page)) failures.push(`${state}: ${cut}`);
        for (const english of await englishLeftovers(page, lang)) failures.push(`${state}: English "${english}"`);
        for (const finding of await axe.check(page, `${lang} ${state}`))
          failures.push(`${state}: axe ${finding.id} (${finding.impact}) at ${finding.targets.join(', ')}`);
      });
      expect(failures).toEqual([]);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
      await stack.stop();
    }
  });
});
