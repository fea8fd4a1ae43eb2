import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { CONTENT_SENDER, sendMessage, SESSION_ID, settle, setUpBackground } from '../testing/background-test-bed';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { BackgroundApp } from './background-app';

describe('dialling a selection (context menu and keyboard shortcut): always through the confirmation window', () => {
  let env: ReturnType<typeof setUpBackground>;

  beforeEach(async () => {
    env = setUpBackground();
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.reply('GET /v1/session', 200, {
      user: { uid: '1001@acme', user: '1001', domain: 'acme', displayName: 'Dana' },
      expiresAt: '2026-12-01T00:00:00Z',
    });
    env.worker.reply('POST /v1/calls', 200, { callId: 'call-0123456789abcdefghij', destination: '+12125550123' });
    await TestBed.inject(BackgroundApp).init().checked;
    env.chrome.events.onInstalled.dispatch({ reason: 'install' });
    await settle();
  });

  const report = (number: string | null) => sendMessage(env.chrome, { type: MessageType.ReportSelection, number }, CONTENT_SENDER);
  const menuTitle = () => env.chrome.menus.find((menu) => menu.id === 'dial-selection')?.title;

  const tab = fakeTab({ id: 7, url: 'https://crm.example.com/contacts/42' });
  const click = (selectionText: string, frameUrl?: string) =>
    env.chrome.events.onMenuClicked.dispatch(
      { menuItemId: 'dial-selection', selectionText, editable: false, ...(frameUrl ? { frameUrl } : {}) },
      tab,
    );
  /** What the newest confirmation window asks about. */
  const pending = async () => {
    const url = [...env.chrome.windows.values()].at(-1)?.url ?? '';
    const token = new URL(url).searchParams.get('confirm') ?? '';
    return ((await sendMessage(env.chrome, { type: MessageType.GetPendingDial, token })) as { data: unknown }).data;
  };

  it('opens the confirmation window for the first number in the selected text, and dials nothing by itself', async () => {
    click('Call our office at (212) 555-0123 or 212-555-0199');
    await settle();
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
    expect(await pending()).toEqual({
      number: '+12125550123',
      source: 'context-menu',
      site: 'crm.example.com',
      frameSite: null,
      defaultCountry: 'US',
    });
  });

  it('carries the extension written after the selected number to the window (shown, never dialled)', async () => {
    click('Sales: (480) 555-0100 ext. 234');
    await settle();
    expect(await pending()).toEqual({
      number: '+14805550100',
      source: 'context-menu',
      site: 'crm.example.com',
      frameSite: null,
      defaultCountry: 'US',
      extension: '234',
    });
  });

  it("reads a national number with the default country's numbering plan, as a page would", async () => {
    await sendMessage(env.chrome, { type: MessageType.UpdateSettings, settings: { defaultCountry: 'AR' } });
    click('Celular: 011 15-2345-6789');
    await settle();
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
    expect(await pending()).toEqual(jasmine.objectContaining({ number: '+5491123456789', defaultCountry: 'AR' }));
  });

  it('[policy: the right-click menu only adds the Dial item] creates exactly one item, for selections, that asks to dial', () => {
    expect(env.chrome.menus).toEqual([{ id: 'dial-selection', title: 'Dial “%s”', contexts: ['selection'] }]);
  });

  it('shows the number the focused frame reads in the selection, and back to the selection when it has none', async () => {
    expect(menuTitle()).toBe('Dial “%s”');
    await report('+12125550123');
    expect(menuTitle()).toBe('Dial +12125550123');
    await report(null);
    expect(menuTitle()).toBe('Dial “%s”');
  });

  it('updates the menu only when the number it shows changes', async () => {
    const update = spyOn(env.chrome.api.contextMenus, 'update').and.callThrough();
    await report('+12125550123');
    await report('+12125550123');
    await report(null);
    await report(null);
    expect(update.calls.allArgs().map(([, properties]) => properties.title)).toEqual(['Dial +12125550123', 'Dial “%s”']);
  });

  it('asks about the number in the selection Chrome hands the click, never the one a frame reported; and names an ad frame', async () => {
    await report('+12125550123');
    click('Call +1 809 555 0123', 'https://ads.example/slot.html');
    await settle();
    expect(await pending()).toEqual({
      number: '+18095550123',
      source: 'context-menu',
      site: 'crm.example.com',
      frameSite: 'ads.example',
      defaultCountry: 'US',
    });
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('shows "!" and a no_number problem when the selection holds no number', async () => {
    click('no digits here');
    await settle();
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
    expect(env.chrome.badge.text).toBe('!');
    expect(env.chrome.badge.title).toContain('No phone number');
  });

  it('asks the active tab for the selected number on the shortcut and opens the confirmation window for it', async () => {
    env.chrome.tabs.push({ id: 5, url: 'https://crm.example.com/', answer: () => ({ number: '+12125550123' }) });
    env.chrome.events.onCommand.dispatch('dial-selection', fakeTab({ id: 5, url: 'https://crm.example.com/' }));
    await settle();
    expect(env.chrome.sentToTabs).toEqual([{ tabId: 5, message: { type: MessageType.GetSelectedNumber } }]);
    expect(await pending()).toEqual({
      number: '+12125550123',
      source: 'shortcut',
      site: 'crm.example.com',
      frameSite: null,
      defaultCountry: 'US',
    });
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('carries the extension the focused frame read after the selected number to the window on the shortcut', async () => {
    env.chrome.tabs.push({ id: 5, url: 'https://crm.example.com/', answer: () => ({ number: '+14805550100', extension: '234' }) });
    env.chrome.events.onCommand.dispatch('dial-selection', fakeTab({ id: 5, url: 'https://crm.example.com/' }));
    await settle();
    expect(await pending()).toEqual({
      number: '+14805550100',
      source: 'shortcut',
      site: 'crm.example.com',
      frameSite: null,
      defaultCountry: 'US',
      extension: '234',
    });
  });

  it('reports no_number when no frame of the tab answers the shortcut', async () => {
    env.chrome.tabs.push({ id: 5, url: 'https://crm.example.com/' });
    env.chrome.events.onCommand.dispatch('dial-selection');
    await settle();
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
    expect(env.chrome.badge.text).toBe('!');
  });
});
