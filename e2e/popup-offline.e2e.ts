/**
 * The popup with the Worker stopped: it opens on a usable view (the sign-in form, or the dial panel from what the
 * background mirrored), says in words that Voipcom cannot be reached, and works once the Worker answers again,
 * without losing what was typed. How fast it opens is measured in `npm run bench` (bench/popup.bench.ts).
 */
import { DEMO_USERS } from '../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { waitUntil } from './support/page-dialing';
import { signInThroughPopup } from './support/popup-page';
import { startProxiedStack, type ProxiedStack } from './support/worker-proxy';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
const UNREACHABLE = 'Voipcom can’t be reached right now. Try again in a moment.';

let stack: ProxiedStack;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startProxiedStack();
  await stack.set('stopped');
  browser = await launchExtensionBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('signed out, Worker stopped: the sign-in form at once; signing in says Voipcom cannot be reached, and works once it answers', async () => {
  const popup = await browser.openPopup();
  await popup.getByLabel('Username').fill(avery.username);
  await popup.getByLabel('Password').fill(avery.password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await popup.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor();
  // What the user typed is still there.
  expect(await popup.getByLabel('Username').inputValue()).toBe(avery.username);

  await stack.set('answering');
  expect(await popup.getByLabel('Password').inputValue()).toBe(avery.password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await popup.getByLabel('Number to call').waitFor();
  await popup.close();
});

test('signed in, Worker stopped, service worker restarted: the dial panel with the user and phones, then Try again keeps the number', async () => {
  await stack.set('answering');
  const first = await browser.openPopup();
  if (!(await first.getByLabel('Number to call').isVisible())) await signInThroughPopup(first, avery.username, avery.password);
  await waitUntil(
    () => first.getByRole('option').count(),
    (count) => count > 1,
    'the phones listed',
  );
  await first.close();

  await stack.set('stopped');
  await browser.stopServiceWorker();
  const popup = await browser.openPopup();
  await popup.getByLabel('Number to call').fill('(310) 555-0142');
  // The user and their phones come from what the background mirrored, not from the Worker.
  await popup.locator('.who').filter({ hasText: avery.displayName }).waitFor();
  expect(await popup.getByRole('option').count()).toBeGreaterThan(1);
  await popup.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor();
  expect(await popup.getByText('Checking your sign-in').count()).toBe(0);

  await stack.set('answering');
  await popup.getByRole('button', { name: 'Try again' }).click();
  await popup.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor({ state: 'detached' });
  expect(await popup.getByLabel('Number to call').inputValue()).toBe('(310) 555-0142');
  await popup.getByRole('button', { name: /^Dial/ }).click();
  await popup.getByText('Your phone is ringing').waitFor();
});

test('no page of the extension logged an error or a CSP violation', () => {
  // The unreachable Worker is reported to the user, not as an error in a console.
  expect(browser.problems.filter((problem) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(problem))).toEqual([]);
});
