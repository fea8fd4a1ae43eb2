import { MessageType, type RuntimeMessage } from '@voipcom/shared';
import { CONTENT_SENDER, POPUP_SENDER } from '../testing/background-test-bed';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { EXTENSION_BASE, EXTENSION_ID } from '../testing/fake-chrome';
import { trustedSender } from './sender-policy';

describe('trustedSender', () => {
  const allowed = (message: RuntimeMessage, sender: chrome.runtime.MessageSender) =>
    trustedSender(message, sender, EXTENSION_ID, EXTENSION_BASE) !== undefined;
  const signOut: RuntimeMessage = { type: MessageType.SignOut };
  const token = 'a'.repeat(32);
  const ask: RuntimeMessage = { type: MessageType.AskToDial, number: '+13105550142', source: 'tel-link' };

  it('lets the popup and the confirmation window send anything but the content-script messages', () => {
    expect(allowed(signOut, POPUP_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.Dial, destination: '+13105550142', source: 'popup' }, POPUP_SENDER)).toBeTrue();
    const confirmation = { ...POPUP_SENDER, url: `${EXTENSION_BASE}popup.html?confirm=${token}` };
    expect(allowed({ type: MessageType.ConfirmDial, token }, confirmation)).toBeTrue();
    expect(allowed(ask, POPUP_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.GetPageSettings }, POPUP_SENDER)).toBeFalse();
  });

  it('lets the popup opened as a tab send anything', () => {
    const tab = fakeTab({ id: 3, url: `${EXTENSION_BASE}popup.html` });
    expect(allowed(signOut, { ...POPUP_SENDER, tab })).toBeTrue();
  });

  it('refuses other extensions and senders without an id', () => {
    expect(allowed(signOut, { ...POPUP_SENDER, id: 'abcdefghijklmnopabcdefghijklmnop' })).toBeFalse();
    expect(allowed(signOut, { url: POPUP_SENDER.url })).toBeFalse();
    expect(allowed(ask, { ...CONTENT_SENDER, id: 'abcdefghijklmnopabcdefghijklmnop' })).toBeFalse();
  });

  it('lets content scripts only ask to dial, report their selection and read their page settings: never dial or confirm', () => {
    expect(allowed(ask, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.ReportSelection, number: null }, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.GetPageSettings }, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.Dial, destination: '+13105550142', source: 'popup' }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.ConfirmDial, token }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.GetPendingDial, token }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.GetState }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.SignIn, username: 'u', password: 'p' }, CONTENT_SENDER)).toBeFalse();
  });

  it('keeps the Worker reads made for the popup (first leg, organisation rules) from content scripts', () => {
    for (const type of [MessageType.GetFirstLeg, MessageType.GetOrgRules] as const) {
      expect(allowed({ type }, POPUP_SENDER)).toBeTrue();
      expect(allowed({ type }, CONTENT_SENDER)).toBeFalse();
    }
  });

  it('refuses a content-script message from outside any tab', () => {
    const { tab: _tab, ...noTab } = CONTENT_SENDER;
    expect(allowed(ask, noTab)).toBeFalse();
  });

  it('refuses a page URL that merely mentions the extension origin', () => {
    const sender = { ...CONTENT_SENDER, url: `https://evil.example/${EXTENSION_BASE}` };
    expect(allowed(signOut, sender)).toBeFalse();
  });

  it("answers what dispatch may trust: the tab, its top-level site and the sending frame's own origin", () => {
    const adFrame = { ...CONTENT_SENDER, url: 'https://ads.example.net/slot/1', origin: 'https://ads.example.net' };
    expect(trustedSender(ask, adFrame, EXTENSION_ID, EXTENSION_BASE)).toEqual({
      tab: CONTENT_SENDER.tab,
      site: 'crm.example.com',
      frame: 'https://ads.example.net',
    });
    const { origin: _origin, ...noOrigin } = adFrame;
    expect(trustedSender(ask, noOrigin, EXTENSION_ID, EXTENSION_BASE)?.frame).toBe('https://ads.example.net/slot/1');
    expect(trustedSender(signOut, POPUP_SENDER, EXTENSION_ID, EXTENSION_BASE)).toEqual({
      tab: undefined,
      site: null,
      frame: POPUP_SENDER.origin,
    });
  });
});
