import { MessageType, type RuntimeMessage } from '@voipcom/shared';
import { CONTENT_SENDER, POPUP_SENDER } from '../testing/background-test-bed';
import { EXTENSION_BASE, EXTENSION_ID } from '../testing/fake-chrome';
import { senderMayAsk } from './sender-policy';

describe('senderMayAsk', () => {
  const allowed = (message: RuntimeMessage, sender: chrome.runtime.MessageSender) =>
    senderMayAsk(message, sender, EXTENSION_ID, EXTENSION_BASE);
  const signOut: RuntimeMessage = { type: MessageType.SignOut };

  it('lets the popup send anything', () => {
    expect(allowed(signOut, POPUP_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.Dial, destination: '+1', source: 'popup' }, POPUP_SENDER)).toBeTrue();
  });

  it('lets the popup opened as a tab send anything', () => {
    const tab = { id: 3, windowId: 1, active: true, url: `${EXTENSION_BASE}popup.html` };
    expect(allowed(signOut, { ...POPUP_SENDER, tab })).toBeTrue();
  });

  it('refuses other extensions and senders without an id', () => {
    expect(allowed(signOut, { ...POPUP_SENDER, id: 'abcdefghijklmnopabcdefghijklmnop' })).toBeFalse();
    expect(allowed(signOut, { url: POPUP_SENDER.url })).toBeFalse();
  });

  it('lets content scripts only dial from tel: links and highlights, and read their config', () => {
    expect(allowed({ type: MessageType.Dial, destination: '+1', source: 'tel-link' }, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.Dial, destination: '+1', source: 'highlight' }, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.GetContentConfig, hostname: 'crm.example.com' }, CONTENT_SENDER)).toBeTrue();
    expect(allowed({ type: MessageType.Dial, destination: '+1', source: 'popup' }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.GetState }, CONTENT_SENDER)).toBeFalse();
    expect(allowed({ type: MessageType.SignIn, username: 'u', password: 'p' }, CONTENT_SENDER)).toBeFalse();
  });

  it('refuses a page URL that merely mentions the extension origin', () => {
    const sender = { ...CONTENT_SENDER, url: `https://evil.example/${EXTENSION_BASE}` };
    expect(allowed(signOut, sender)).toBeFalse();
  });
});
