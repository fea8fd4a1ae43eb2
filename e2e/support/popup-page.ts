/** Driving the popup page in e2e tests: signing in through its form, and saving a screenshot of a state. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Saves the popup at its real size as test-results/screenshots/popup-<name>.png. */
export async function screenshotPopup(popup: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.screenshot({ path: join(SCREENSHOTS, `popup-${name}.png`), fullPage: true });
}

export async function signInThroughPopup(popup: Page, username: string, password: string): Promise<void> {
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}
