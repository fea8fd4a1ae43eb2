/** A fake chrome for popup specs: runtime.sendMessage answered by per-type replies, and the active tab. */
import { TestBed } from '@angular/core/testing';
import { DEFAULT_SETTINGS, MessageType, NO_MANAGED_POLICY, POPUP_STATE_KEY, type ExtensionState } from '@voipcom/shared';
import { englishI18n } from '../../../extension/i18n/testing/english-i18n';
import type { ExtensionChrome } from '../../../extension/chrome/chrome';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { CHROME } from '../../../extension/chrome/chrome';

export const USER = { uid: '1001@acme', user: '1001', domain: 'acme', displayName: 'Dana Whitfield' };
export const SIGNED_OUT: ExtensionState = {
  status: 'signed-out',
  user: null,
  settings: DEFAULT_SETTINGS,
  lastDial: null,
  policyNotice: null,
  problem: null,
  call: null,
  managed: NO_MANAGED_POLICY,
  devices: [],
};
export const SIGNED_IN: ExtensionState = { ...SIGNED_OUT, status: 'signed-in', user: USER };

export interface FakeBackground {
  /** Every message the popup sent, in order. */
  readonly sent: { type: string; [key: string]: unknown }[];
  /** The reply per message type; a function gets the message. */
  readonly replies: Map<string, unknown>;
  /** The URL of the active tab the popup sees. */
  activeTabUrl: string | undefined;
  /** What the background mirrored to chrome.storage.session (POPUP_STATE_KEY), if anything. */
  known: ExtensionState | undefined;
  /** Whether the user leaves the extension its access to sites; `grantOnRequest`: what the browser's prompt answers. */
  hostAccess: { granted: boolean; grantOnRequest: boolean; requests: number };
}

/** The part of ExtensionChrome the popup uses, with Chromium's signatures (a wrong one does not compile). */
interface PopupChrome {
  runtime: Pick<ExtensionChrome['runtime'], 'id' | 'sendMessage'>;
  i18n: ExtensionChrome['i18n'];
  tabs: Pick<ExtensionChrome['tabs'], 'query'>;
  storage: { session: Pick<ExtensionChrome['storage']['session'], 'get'> };
  permissions: ExtensionChrome['permissions'];
}

/** The popup messages its own extension with `{ type, ... }`, never another extension's id first. */
function isPopupMessage(message: unknown): message is FakeBackground['sent'][number] {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

export function provideFakeBackground(state: ExtensionState = SIGNED_OUT): FakeBackground {
  const fake: FakeBackground = {
    sent: [],
    replies: new Map<string, unknown>([
      [MessageType.GetState, { ok: true, data: state }],
      [MessageType.RefreshState, { ok: true, data: state }],
      [MessageType.ListDevices, { ok: true, data: [] }],
      [MessageType.GetFirstLeg, { ok: true, data: [] }],
      [MessageType.GetOrgRules, { ok: true, data: { allowedCountries: [], refusedClasses: [], doNotCall: [] } }],
    ]),
    activeTabUrl: undefined,
    known: undefined,
    hostAccess: { granted: true, grantOnRequest: true, requests: 0 },
  };
  const api: PopupChrome = {
    runtime: {
      id: 'hdfblghhbnjdaamfompieibfckacncaj',
      sendMessage: async (message: unknown) => {
        if (!isPopupMessage(message)) throw new Error('the popup sends its own extension { type, ... } messages only');
        fake.sent.push(message);
        const reply = fake.replies.get(message.type);
        return typeof reply === 'function' ? (reply as (m: unknown) => unknown)(message) : reply;
      },
    },
    i18n: englishI18n(),
    storage: {
      session: {
        get: async (key?: unknown) => (fake.known && key === POPUP_STATE_KEY ? { [POPUP_STATE_KEY]: fake.known } : {}),
      },
    },
    tabs: {
      query: async () => (fake.activeTabUrl ? [fakeTab({ id: 1, url: fake.activeTabUrl })] : []),
    },
    permissions: {
      contains: async () => fake.hostAccess.granted,
      request: async () => {
        fake.hostAccess.requests += 1;
        fake.hostAccess.granted ||= fake.hostAccess.grantOnRequest;
        return fake.hostAccess.granted;
      },
    },
  };
  TestBed.configureTestingModule({ providers: [{ provide: CHROME, useValue: api }] });
  return fake;
}

/** Types into an input or changes a select as a user would (value + the event the component listens to). */
export function enter(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  element.value = value;
  element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input'));
}

/** Lets the popup's pending message round trips finish, then renders. */
export async function settle(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await fixture.whenStable();
}
