/** The whole chain: the built extension loads, its service worker starts, the popup opens, and a request from
 * the extension reaches the local Worker in workerd, which reaches the NetSapiens simulator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType, StateReplySchema } from '@voipcom/shared';
import { findInlineScriptProblems } from '../scripts/build/check-popup-html';
import { EXTENSION_DIR, EXTENSION_ORIGIN, launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { startE2eStack, type E2eStack } from './support/local-stack';

jest.setTimeout(90_000);

let stack: E2eStack;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchExtensionBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the built popup holds no inline script and no on*= attribute (the strict CSP allows neither)', () => {
  const html = readFileSync(join(EXTENSION_DIR, 'popup.html'), 'utf8');
  expect(findInlineScriptProblems(html)).toEqual([]);
  expect(html).toMatch(/<script src="main\.js" type="module"><\/script>/);
});

test('the built manifest carries the strict CSP with the Worker as the only connect-src', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    content_security_policy: { extension_pages: string };
  };
  expect(manifest.content_security_policy.extension_pages).toBe(
    "script-src 'self'; object-src 'none'; base-uri 'none'; connect-src http://127.0.0.1:8787",
  );
});

test('the service worker of the unpacked extension starts', async () => {
  const worker = await browser.serviceWorker();
  expect(worker.url()).toBe(`${EXTENSION_ORIGIN}/background/main.js`);
});

test('the popup opens and shows the sign-in form', async () => {
  const popup = await browser.openPopup();
  await expect(popup.title()).resolves.toBe('Voipcom Click-to-Dial');
  await popup.getByLabel('Username').waitFor();
  await popup.close();
});

test('a sign-in from the extension reaches the Worker, and the Worker reaches the simulator', async () => {
  const before = stack.simulator.requestCount();
  const reply = await browser.sendMessage({ type: MessageType.SignIn, username: '1001@voipcom-demo', password: 'ClickToDial-demo1' });
  const state = StateReplySchema.parse(reply);
  expect(state.ok).toBe(true);
  expect(state.ok && state.data.status).toBe('signed-in');
  expect(state.ok && state.data.user?.uid).toBe('1001@voipcom-demo');
  expect(stack.simulator.requestCount()).toBeGreaterThan(before);
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
