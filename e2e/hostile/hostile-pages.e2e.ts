/** Hostile pages for the content script: the page keeps working, its DOM is untouched, and the extension still answers. */
import { MessageType, StateReplySchema } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { HOSTILE_PAGES, type HostilePage } from '../fixtures/hostile-pages';
import { confirmCall, nextConfirmation } from '../support/confirmation-window';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { signIn } from '../support/extension-state';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import { startPageServer, type PageServer } from '../support/page-server';

jest.setTimeout(120_000);

const avery = DEMO_USERS.avery;
let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  for (const hostile of HOSTILE_PAGES) pages.setPage(hostile.path, hostile.html);
  browser = await launchExtensionBrowser();
  await signIn(browser, avery);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
});

test.each(HOSTILE_PAGES.map((hostile) => [hostile.path, hostile] as [string, HostilePage]))(
  '[policy: does not modify any page beyond highlighting detected phone numbers] %s: the page still works, its DOM is unchanged, the extension answers',
  async (_path, hostile) => {
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${pages.origin}${hostile.path}`);

    // The first and the last text number highlighted: the content script scanned the whole page.
    await page.waitForFunction((count) => (CSS.highlights.get('voipcom-phone')?.size ?? 0) >= count, hostile.highlights, {
      timeout: 60_000,
    });
    const ticks = await page.evaluate(() => (window as unknown as { ticks: number }).ticks);
    await page.waitForFunction((seen) => (window as unknown as { ticks: number }).ticks > seen + 5, ticks, { timeout: 30_000 });

    expect(await page.evaluate(() => CSS.highlights.get('voipcom-phone')?.size)).toBe(hostile.highlights);
    // Against the baseline the page took of itself before any content script ran, shadow roots included.
    const dom = await page.evaluate(() => {
      const scope = window as unknown as { snapshotDom(): string; domBeforeScripts: string };
      return { before: scope.domBeforeScripts, after: scope.snapshotDom() };
    });
    expect(dom.after.length).toBeGreaterThan(100);
    expect(dom.after).toBe(dom.before);
    expect(dialogs).toEqual([]);
    const reply = StateReplySchema.parse(await browser.sendMessage({ type: MessageType.GetState }));
    expect(reply.ok && reply.data.status).toBe('signed-in');
    await page.close();
  },
);

test("a tel: link inside a page's open shadow root still asks, and dials once confirmed", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/shadow-roots.html`);
  await page.waitForFunction(() => (CSS.highlights.get('voipcom-phone')?.size ?? 0) >= 2);
  const before = stack.simulator.calls().length;
  const confirmation = nextConfirmation(browser);
  await page.locator('#shadow-tel').click();
  await confirmCall(await confirmation);
  for (let waited = 0; stack.simulator.calls().length === before; waited += 100) {
    if (waited > 10_000) throw new Error('the tel: link in the shadow root did not dial');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(stack.simulator.calls().at(-1)?.request['call-term-user']).toBe('14805550161');
  await page.close();
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
