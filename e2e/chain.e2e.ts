/** The whole chain: the built extension loads, its service worker starts, the popup opens, and a request from
 * the extension reaches the local Worker in workerd, which reaches the NetSapiens simulator. */
import { MessageType, StateReplySchema } from '@voipcom/shared';
import { EXTENSION_ORIGIN, launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
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
