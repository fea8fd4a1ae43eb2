/** Popup bench: time from opening the popup to a usable view (sign-in form, or the dial panel's number field) when
 * the Worker answers at once (the same-run baseline), when it is stopped, and when it answers only after 10 s;
 * signed out and signed in, each open after a service-worker restart (what the background knows is only storage).
 * Timed on the page's own clock: from the start of its navigation (before the browser starts the extension's
 * process) to the first frame drawn with the field editable. The harness's wall clock adds its own latency (the
 * DevTools round trips, Playwright's polling; about 100-150 ms here): it is printed beside, not judged. */
import { MessageType } from '@voipcom/shared';
import type { BenchSection } from './types';
import { EXTENSION_ORIGIN, launchExtensionBrowser, type ExtensionBrowser } from '../e2e/support/extension-browser';
import { startProxiedStack, type Network } from '../e2e/support/worker-proxy';
import { runStandalone } from './report';

/** The goal: a usable view within 300 ms whatever the network does. */
const GOAL_MS = 300;
const OPENS = 7;
const SLOW_ANSWER_MS = 10_000;
/** Past this a view is not "usable" at all; measured as this figure (a popup that waits for a slow Worker). */
const GIVE_UP_MS = 20_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number): string => (value >= GIVE_UP_MS ? `≥ ${GIVE_UP_MS} ms` : `${value.toFixed(0)} ms`);

/** One open: on the page's clock (judged) and on the harness's wall clock (printed beside). */
interface OpenTime {
  page: number;
  wall: number;
}

/**
 * Runs in the popup before its scripts: `window.firstUsableFrame` resolves to the start of the first frame in which
 * the field `fieldId` exists, enabled and editable (a frame's callbacks run just before it is drawn). A string: tsx
 * would wrap a function's inner functions in a helper the page does not have.
 */
const noteFirstUsableFrame = (fieldId: string): string => `
  window.firstUsableFrame = new Promise((resolve) => {
    requestAnimationFrame(function onFrame() {
      const field = document.getElementById(${JSON.stringify(fieldId)});
      if (field instanceof HTMLInputElement && !field.disabled && !field.readOnly) resolve(performance.now());
      else requestAnimationFrame(onFrame);
    });
  });`;

/**
 * Opens the popup after a service-worker restart; ms until `label`'s field (id `fieldId`) is drawn editable. Nothing
 * of Playwright's runs in the page until then (its selector engine alone takes 20 ms of the popup's main thread):
 * one evaluation waits for the page's own note, and the label is checked after.
 */
async function timeToUsable(browser: ExtensionBrowser, label: string, fieldId: string): Promise<OpenTime> {
  await browser.stopServiceWorker();
  const page = await browser.context.newPage();
  try {
    await page.addInitScript({ content: noteFirstUsableFrame(fieldId) });
    const started = performance.now();
    await page.goto(`${EXTENSION_ORIGIN}/popup.html`, { waitUntil: 'commit' });
    const pageMs = await page.evaluate<number | null>(
      `Promise.race([window.firstUsableFrame, new Promise((resolve) => setTimeout(() => resolve(null), ${GIVE_UP_MS}))])`,
    );
    const wall = performance.now() - started;
    if (pageMs === null) return { page: GIVE_UP_MS, wall: GIVE_UP_MS };
    await page
      .getByLabel(label, { exact: true })
      .and(page.locator(`#${fieldId}:enabled:not([readonly])`))
      .waitFor({ timeout: 1_000 });
    return { page: pageMs, wall };
  } finally {
    await page.close();
  }
}

export async function benchPopup(): Promise<BenchSection> {
  const stack = await startProxiedStack(SLOW_ANSWER_MS);
  let browser: ExtensionBrowser | undefined;
  try {
    browser = await launchExtensionBrowser();
    const rows: BenchSection['rows'] = [];
    const measure = async (state: string, label: string, fieldId: string): Promise<void> => {
      const times: Record<Network, OpenTime[]> = { answering: [], stopped: [], slow: [] };
      for (let open = 0; open < OPENS; open += 1) {
        for (const network of ['answering', 'stopped', 'slow'] as const) {
          await stack.set(network);
          times[network].push(await timeToUsable(browser!, label, fieldId));
        }
      }
      const baseline = median(times.answering.map((time) => time.page));
      for (const network of ['stopped', 'slow'] as const) {
        const value = median(times[network].map((time) => time.page));
        const worst = Math.max(...times[network].map((time) => time.page));
        const wall = median(times[network].map((time) => time.wall));
        const goal = value <= GOAL_MS ? 'met' : 'MISSED';
        rows.push({
          metric: `popup ${state}, Worker ${network === 'stopped' ? 'stopped' : 'answering after 10 s'}: open → first frame usable, page clock (median of ${OPENS}, worst ${ms(worst)}; harness wall clock ${ms(wall)}; goal ≤ ${GOAL_MS} ms: ${goal}; baseline: Worker answering)`,
          value: ms(value),
          baseline: ms(baseline),
          ratio: (value / baseline).toFixed(2),
        });
      }
    };
    await stack.set('answering');
    await measure('signed out', 'Username', 'username');
    await browser.sendMessage({ type: MessageType.SignIn, username: '1001@voipcom-demo', password: 'ClickToDial-demo1' });
    await measure('signed in', 'Number to call', 'destination');
    return { title: 'Popup with the Worker stopped or slow (open after a service-worker restart)', rows };
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

if (require.main === module) runStandalone(benchPopup);
