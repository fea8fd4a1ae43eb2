/** Sets up the background's injector for a spec with a fake chrome, a fake Worker, and a controllable network. */
import { TestBed } from '@angular/core/testing';
import { BACKGROUND_PROVIDERS } from '../app/background-providers';
import { CALL_TIMINGS, DEFAULT_CALL_TIMINGS, type CallTimings } from '../app/call-feature';
import { CHROME } from '../../../extension/chrome/chrome';
import { FETCH, IS_ONLINE, NOW } from '../app/platform';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { createFakeChrome, EXTENSION_BASE } from './fake-chrome';
import { FakeWorker } from './fake-worker';

export const SESSION_ID = 'S'.repeat(43);
export const USER = { uid: '1001@acme', user: '1001', domain: 'acme', displayName: 'Dana Whitfield' };

/** The sender of a message from the popup. */
export const POPUP_SENDER: chrome.runtime.MessageSender = {
  id: 'hdfblghhbnjdaamfompieibfckacncaj',
  url: `${EXTENSION_BASE}popup.html`,
  origin: EXTENSION_BASE.slice(0, -1),
};

/** The sender of a message from a content script on a web page. */
export const CONTENT_SENDER: chrome.runtime.MessageSender = {
  id: 'hdfblghhbnjdaamfompieibfckacncaj',
  url: 'https://crm.example.com/contacts/42',
  origin: 'https://crm.example.com',
  tab: fakeTab({ id: 7, url: 'https://crm.example.com/contacts/42' }),
};

/** Following a call at spec speed: milliseconds instead of seconds. */
export const FAST_CALL_TIMINGS: CallTimings = {
  ...DEFAULT_CALL_TIMINGS,
  ringingPollMs: 5,
  connectedPollMs: 5,
  maxFailedPolls: 3,
  endedBadgeMs: 40,
};

/** `now` is the background's clock (fixed unless a spec moves it). */
export function setUpBackground(now: () => number = () => 1_700_000_000_000) {
  const chrome = createFakeChrome();
  const worker = new FakeWorker();
  const network = { online: true };
  TestBed.configureTestingModule({
    providers: [
      ...BACKGROUND_PROVIDERS,
      { provide: CHROME, useValue: chrome.api },
      { provide: FETCH, useValue: worker.fetch },
      { provide: IS_ONLINE, useValue: () => network.online },
      { provide: NOW, useValue: now },
      { provide: CALL_TIMINGS, useValue: FAST_CALL_TIMINGS },
    ],
  });
  return { chrome, worker, network };
}

/** Sends a runtime message through the registered onMessage listener, as Chrome would, and awaits the reply. */
export function sendMessage(
  chrome: ReturnType<typeof createFakeChrome>,
  message: unknown,
  sender: chrome.runtime.MessageSender = POPUP_SENDER,
): Promise<unknown> {
  return new Promise((resolve) => {
    const [listener] = chrome.events.onMessage.listeners;
    if (!listener) throw new Error('no onMessage listener registered');
    expect(listener(message, sender, resolve)).toBeTrue();
  });
}

/** Lets pending promise chains started by a fired chrome event run to their end. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
