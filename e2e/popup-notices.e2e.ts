/** More popup states in Chromium: an announced privacy policy change, a rate-limited sign-in, the settings, and
 * the Worker out of reach. Screenshots go to test-results/screenshots/ beside those of popup.e2e.ts. */
import { MessageType, StateReplySchema } from '@voipcom/shared';
import { DEMO_USERS } from '../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { localStorageContents } from './support/extension-state';
import { startE2eStack, type E2eStack } from './support/local-stack';
import { screenshotPopup, signInThroughPopup } from './support/popup-page';

jest.setTimeout(120_000);

const { avery, blake } = DEMO_USERS;
/** An announced version 20 days ahead: the policy promises at least 14 days' notice. */
const UPCOMING = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
const SUMMARY = 'Dial audit records will be kept for 6 months instead of 12.';

let stack: E2eStack | undefined;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack({
    POLICY_UPCOMING_EFFECTIVE: UPCOMING,
    POLICY_UPCOMING_URL: 'https://voipcom.network/click-to-dial/privacy-next',
    POLICY_UPCOMING_SUMMARY: SUMMARY,
    // Announced today: 20 days of notice.
    POLICY_UPCOMING_ANNOUNCED: new Date().toISOString().slice(0, 10),
  });
  browser = await launchExtensionBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('[policy: material changes are announced 14 days ahead] an announced policy change shows a notice until the user dismisses it', async () => {
  const popup = await browser.openPopup();
  const notice = popup.getByRole('region', { name: /Privacy policy update/ });
  await notice.waitFor();
  await expect(notice.textContent()).resolves.toContain(SUMMARY);
  await screenshotPopup(popup, 'policy-notice');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await notice.waitFor({ state: 'detached' });
  await popup.close();

  const reopened = await browser.openPopup();
  await reopened.getByLabel('Username').waitFor();
  await expect(reopened.getByRole('region', { name: /Privacy policy update/ }).count()).resolves.toBe(0);
  expect(await localStorageContents(browser)).toMatchObject({ dismissedPolicy: UPCOMING });
  await reopened.close();
});

test('too many sign-in attempts: the popup says how long to wait', async () => {
  // wrangler.toml allows 5 sign-in attempts a minute per username: use them up, one awaited reply at a time.
  let refusal = '';
  for (let attempt = 0; attempt < 10 && refusal !== 'rate_limited'; attempt += 1) {
    const reply = StateReplySchema.parse(
      await browser.sendMessage({ type: MessageType.SignIn, username: blake.username, password: `wrong-${attempt}` }),
    );
    refusal = reply.ok ? 'signed in' : reply.error.code;
  }
  expect(refusal).toBe('rate_limited');

  const popup = await browser.openPopup();
  await signInThroughPopup(popup, blake.username, 'wrong-again');
  await popup.getByText(/Too many attempts\. Try again in \d+ (seconds?|minutes?)\./).waitFor();
  await screenshotPopup(popup, 'rate-limited');
  await popup.close();
});

test('signed in, the settings show the default country, highlighting and the pause switch', async () => {
  const popup = await browser.openPopup();
  await signInThroughPopup(popup, avery.username, avery.password);
  await popup.getByText(avery.displayName).waitFor();
  await popup.getByRole('button', { name: 'Settings' }).click();
  await popup.getByLabel('Default country').waitFor();
  await expect(popup.getByLabel('Highlight phone numbers on pages').isChecked()).resolves.toBe(true);
  await screenshotPopup(popup, 'settings');
  await popup.close();
});

test('with the Worker out of reach the popup says so', async () => {
  await stack?.stop();
  stack = undefined;
  const popup = await browser.openPopup();
  const alert = popup.getByRole('alert').first();
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toMatch(/can’t be reached/);
  await screenshotPopup(popup, 'worker-unreachable');
  await popup.close();
});
