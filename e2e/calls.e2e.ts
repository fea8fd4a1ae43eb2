/**
 * The life of a call in Chromium with the built extension, against the local Worker and the simulator's scripted
 * calls: each state in the popup and on the badge (with screenshots), cancel, hang up, no answer, busy, an offline
 * phone, a PBX failing while the call is followed, and a service-worker restart mid-call.
 */
import { MessageType, type CallProgress } from '@voipcom/shared';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { badgeText, waitForBadge } from './support/extension-state';
import { startE2eStack, type E2eStack } from './support/local-stack';
import { sendFromPopup, waitForCalls, waitUntil } from './support/page-dialing';
import { screenshotPopup } from './support/popup-page';

jest.setTimeout(120_000);

const { avery } = DEMO_USERS;
/** Avery's desk phone is online; 1001c (the mobile) is not. */
const OFFLINE_PHONE = avery.devices.find((device) => !device.registered)!;

let stack: E2eStack;
let browser: ExtensionBrowser;

/** Dials `number` from the popup, as a user does; returns the popup, which then follows the call. */
async function dialFromPopup(number: string): Promise<Page> {
  const popup = await browser.openPopup();
  await popup.getByLabel('Number to call').fill(number);
  await popup.getByRole('button', { name: /^Dial/ }).click();
  return popup;
}

/** The simulator's id of the newest call (the `call-id` the Worker sent), to steer it. */
async function newestCallId(): Promise<string> {
  const [call] = (await waitForCalls(stack, 1)).slice(-1);
  return call.request['call-id'];
}

async function followedCall(): Promise<CallProgress | null> {
  const reply = (await browser.sendMessage({ type: MessageType.GetCall })) as { ok: boolean; data: CallProgress | null };
  return reply.data;
}

/** The simulator's own record of the call: held in a phase by the test, it can only end by being disconnected. */
function pbxCall(callId: string) {
  const call = stack.simulator.calls().find((candidate) => candidate.request['call-id'] === callId);
  return { phase: call?.phase, end: call?.end };
}

function waitForCallState(state: CallProgress['state']): Promise<CallProgress | null> {
  return waitUntil(followedCall, (call) => call?.state === state, `the call to be ${state}`, 20_000);
}

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchExtensionBrowser();
  const state = await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
  expect(state.status).toBe('signed-in');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

beforeEach(() => stack.simulator.clearCalls());

test('a call step by step: your phone rings, theirs rings, connected with a timer, hang up, ended', async () => {
  stack.simulator.controlNextCall({ ringYouMs: null });
  const popup = await dialFromPopup('(310) 555-0142');
  await popup.getByText('Your phone is ringing').waitFor();
  await waitForBadge(browser, '…');
  await screenshotPopup(popup, 'call-ringing-you');
  const callId = await newestCallId();

  stack.simulator.controlCall(callId, { ringYouMs: 0, you: 'answer', ringThemMs: null });
  await popup.getByText('Calling +1 310 555 0142…').waitFor({ timeout: 15_000 });
  await screenshotPopup(popup, 'call-ringing-them');

  stack.simulator.controlCall(callId, { ringThemMs: 0, them: 'answer', talkMs: null });
  await popup.getByText('Connected to +1 310 555 0142.').waitFor({ timeout: 15_000 });
  await popup.getByLabel('Call duration').waitFor();
  await waitForBadge(browser, '●');
  await screenshotPopup(popup, 'call-connected');

  expect(pbxCall(callId)).toEqual({ phase: 'connected', end: null });
  await popup.getByRole('button', { name: 'Hang up' }).click();
  await popup.getByText(/The call with \+1 310 555 0142 ended/).waitFor();
  // The call ended at the PBX, by the hang-up (the script held it connected), not only in the extension.
  expect(pbxCall(callId)).toEqual({ phase: 'ended', end: 'disconnected' });
  await waitForBadge(browser, 'end');
  expect(await popup.getByRole('button', { name: 'Hang up' }).count()).toBe(0);
  await screenshotPopup(popup, 'call-ended');
  await popup.close();

  // The outcome stays until the next dial.
  const reopened = await browser.openPopup();
  await reopened.getByText(/The call with \+1 310 555 0142 ended/).waitFor();
  await reopened.close();
});

test('Cancel before you answer ends the call at the PBX', async () => {
  stack.simulator.controlNextCall({ ringYouMs: null });
  const popup = await dialFromPopup('(310) 555-0143');
  await popup.getByText('Your phone is ringing').waitFor();
  const callId = await newestCallId();
  expect(pbxCall(callId)).toEqual({ phase: 'ringing-you', end: null });
  await popup.getByRole('button', { name: 'Cancel call' }).click();
  await popup.getByText(/ended/).waitFor();
  expect((await followedCall())?.state).toBe('ended');
  // Ended at the PBX by the cancel: the script would have kept it ringing.
  expect(pbxCall(callId)).toEqual({ phase: 'ended', end: 'disconnected' });
  await screenshotPopup(popup, 'call-cancelled');
  await popup.close();
});

test('they don’t answer, or are busy: the popup says so and the badge does not stay on "ringing"', async () => {
  // Busy is a failure the PBX names; an unanswered far end just drops the call, which the PBX reports as gone: the
  // Worker tells it from the last state the extension saw (their phone ringing long enough to be seen).
  const cases = [
    { them: 'busy', ringThemMs: 200, name: 'call-busy', state: 'failed', words: /busy/ },
    { them: 'no-answer', ringThemMs: 3_000, name: 'call-no-answer', state: 'failed', words: /Nobody answered/ },
  ] as const;
  for (const { them, ringThemMs, name, state, words } of cases) {
    stack.simulator.controlNextCall({ ringYouMs: 0, you: 'answer', ringThemMs, them, busyMs: 3_000 });
    const popup = await dialFromPopup('(310) 555-0144');
    await waitForCallState(state);
    await popup.locator('.call-state').getByText(words).waitFor();
    await screenshotPopup(popup, name);
    expect(['!', 'end', '✓']).toContain(await badgeText(browser));
    await popup.close();
  }
});

test('an offline phone is marked, and the popup warns before dialling it', async () => {
  const popup = await browser.openPopup();
  const select = popup.getByLabel('Ring first');
  await popup.locator(`#device option[value="${OFFLINE_PHONE.device}"]`).waitFor({ state: 'attached' });
  const options = await popup.locator('#device option').allTextContents();
  // Online phones first, the offline one last and marked.
  expect(options.at(-1)?.trim()).toMatch(/\(offline\)$/);
  await select.selectOption(OFFLINE_PHONE.device);
  await popup.getByText(/the phone chosen to ring first, is offline: it will not ring/).waitFor();
  await popup.getByRole('button', { name: 'Dial anyway' }).waitFor();
  await screenshotPopup(popup, 'offline-phone');
  await select.selectOption('');
  await popup.close();
});

test('a PBX failing while the call is followed: a clear message, and nothing stuck on the badge', async () => {
  stack.simulator.controlNextCall({ ringYouMs: null });
  const popup = await dialFromPopup('(310) 555-0145');
  await popup.getByText('Your phone is ringing').waitFor();
  stack.simulator.setFault({ fault: { kind: 'status', status: 503 }, pathPrefix: '/domains/~/users/~/calls' });
  try {
    const failed = await waitForCallState('failed');
    expect(failed?.message).toMatch(/lost track/);
    await popup.getByText(/did not go through/).waitFor();
    await waitForBadge(browser, '!');
    await screenshotPopup(popup, 'call-pbx-failing');
  } finally {
    stack.simulator.setFault(null);
  }
  await popup.close();
});

test('a service-worker restart mid-call: the call is picked up again', async () => {
  stack.simulator.controlNextCall({ ringYouMs: null });
  const popup = await dialFromPopup('(310) 555-0146');
  await popup.getByText('Your phone is ringing').waitFor();
  await popup.close();
  const callId = await newestCallId();
  await browser.stopServiceWorker();
  stack.simulator.controlCall(callId, { ringYouMs: 0, you: 'answer', ringThemMs: 0, them: 'answer', talkMs: null });
  // Waking the service worker (the popup) resumes following: it sees the call connect.
  const reopened = await browser.openPopup();
  await reopened.getByText('Connected to +1 310 555 0146.').waitFor({ timeout: 20_000 });
  await waitForBadge(browser, '●');
  await reopened.getByRole('button', { name: 'Hang up' }).click();
  await reopened.getByText(/ended/).waitFor();
  await reopened.close();
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
