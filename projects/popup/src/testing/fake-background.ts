/** A fake chrome for popup specs: runtime.sendMessage answered by per-type replies, and the active tab. */
import { TestBed } from '@angular/core/testing';
import { DEFAULT_SETTINGS, MessageType, NO_MANAGED_POLICY, type ExtensionState } from '@voipcom/shared';
import { englishI18n } from '../../../extension/i18n/testing/english-i18n';
import { CHROME } from '../app/chrome';

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
};
export const SIGNED_IN: ExtensionState = { ...SIGNED_OUT, status: 'signed-in', user: USER };

export interface FakeBackground {
  /** Every message the popup sent, in order. */
  readonly sent: { type: string; [key: string]: unknown }[];
  /** The reply per message type; a function gets the message. */
  readonly replies: Map<string, unknown>;
  /** The URL of the active tab the popup sees. */
  activeTabUrl: string | undefined;
}

export function provideFakeBackground(state: ExtensionState = SIGNED_OUT): FakeBackground {
  const fake: FakeBackground = {
    sent: [],
    replies: new Map<string, unknown>([
      [MessageType.GetState, { ok: true, data: state }],
      [MessageType.ListDevices, { ok: true, data: [] }],
    ]),
    activeTabUrl: undefined,
  };
  const api = {
    runtime: {
      id: 'hdfblghhbnjdaamfompieibfckacncaj',
      sendMessage: async (message: { type: string }) => {
        fake.sent.push(message);
        const reply = fake.replies.get(message.type);
        return typeof reply === 'function' ? (reply as (m: unknown) => unknown)(message) : reply;
      },
    },
    i18n: englishI18n(),
    tabs: {
      query: async () => (fake.activeTabUrl ? [{ id: 1, windowId: 1, active: true, url: fake.activeTabUrl }] : []),
    },
  } as unknown as typeof chrome;
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
