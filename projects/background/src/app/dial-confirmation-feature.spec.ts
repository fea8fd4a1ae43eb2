import { TestBed } from '@angular/core/testing';
import { MessageType, type DialOutcome, type PendingDial } from '@voipcom/shared';
import { CONTENT_SENDER, POPUP_SENDER, sendMessage, SESSION_ID, setUpBackground, USER } from '../testing/background-test-bed';
import { BackgroundApp } from './background-app';
import { CONFIRMATION_TTL_MS } from './dial-confirmation-feature';

describe('dial confirmation (numbers a page offers)', () => {
  let env: ReturnType<typeof setUpBackground>;
  let now: number;

  beforeEach(async () => {
    now = 1_700_000_000_000;
    env = setUpBackground(() => now);
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    env.worker.reply('POST /v1/calls', 200, { callId: 'call-0123456789abcdefghij', destination: '+13105550142' });
    env.worker.reply('DELETE /v1/session', 204, null);
    await TestBed.inject(BackgroundApp).init().checked;
  });

  const send = (message: unknown, sender: chrome.runtime.MessageSender = POPUP_SENDER) => sendMessage(env.chrome, message, sender);
  const ask = (number = '+13105550142', source = 'tel-link', sender = CONTENT_SENDER) =>
    send({ type: MessageType.AskToDial, number, source }, sender);
  /** The token in the URL of the newest confirmation window. */
  const openToken = () => {
    const url = [...env.chrome.windows.values()].at(-1)?.url ?? '';
    return new URL(url).searchParams.get('confirm') ?? '';
  };

  it('opens the confirmation window for a clicked number and dials nothing by itself', async () => {
    expect(await ask()).toEqual({ ok: true, data: null });
    const [window] = [...env.chrome.windows.values()];
    expect(window).toEqual(jasmine.objectContaining({ type: 'popup', focused: true }));
    expect(window?.url).toMatch(/^chrome-extension:\/\/[a-p]{32}\/popup\.html\?confirm=[0-9a-f]{32}$/);
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
    const pending = (await send({ type: MessageType.GetPendingDial, token: openToken() })) as { data: PendingDial };
    expect(pending.data).toEqual({
      number: '+13105550142',
      source: 'tel-link',
      site: 'crm.example.com',
      frameSite: null,
      defaultCountry: 'US',
    });
  });

  it('opens the window at a random place Chrome accepts when the screen is smaller than the browser window', async () => {
    // Chrome refuses a window less than half on the screen; the service worker cannot see the screen's size.
    env.chrome.screen.width = 700;
    env.chrome.screen.height = 500;
    const places = new Set<string>();
    for (let open = 0; open < 8; open++) {
      await ask();
      const window = [...env.chrome.windows.values()].at(-1);
      expect(window?.left).toBeDefined();
      expect(window?.top).toBeDefined();
      places.add(`${window?.left},${window?.top}`);
    }
    expect(places.size).toBeGreaterThan(1);
  });

  it('names the frame that asked when its site is not the tab’s (from Chrome’s sender, not the page)', async () => {
    const ad = { ...CONTENT_SENDER, url: 'https://ADS.example./slot.html', origin: 'https://ads.example.' };
    await ask('+13105550142', 'tel-link', ad);
    const pending = (await send({ type: MessageType.GetPendingDial, token: openToken() })) as { data: PendingDial };
    expect(pending.data.frameSite).toBe('ads.example');
  });

  it('opens the window at a random place over the browser window, not one a page could compute', async () => {
    const places = new Set<string>();
    for (let open = 0; open < 5; open++) {
      await ask();
      const window = [...env.chrome.windows.values()].at(-1);
      expect(window?.left).toBeGreaterThanOrEqual(0);
      expect(window?.left).toBeLessThan(1200 - 400);
      expect(window?.top).toBeGreaterThanOrEqual(0);
      expect(window?.top).toBeLessThan(800 - 320);
      places.add(`${window?.left},${window?.top}`);
    }
    expect(places.size).toBeGreaterThan(1);
  });

  it('describes the pending number through the Worker (only the pending one, only with its token), and never dials', async () => {
    env.worker.reply('POST /v1/numbers/describe', 200, {
      number: '+18095550123',
      country: 'DO',
      type: 'FIXED_LINE_OR_MOBILE',
      valid: true,
      dialable: true,
      refusal: null,
    });
    await ask('+18095550123');
    const described = await send({ type: MessageType.DescribePendingDial, token: openToken() });
    expect(described).toEqual({
      ok: true,
      data: { number: '+18095550123', country: 'DO', type: 'FIXED_LINE_OR_MOBILE', valid: true, dialable: true, refusal: null },
    });
    expect(env.worker.calls('POST /v1/numbers/describe').map((call) => call.body)).toEqual([{ number: '+18095550123' }]);
    expect(await send({ type: MessageType.DescribePendingDial, token: 'f'.repeat(32) })).toEqual(jasmine.objectContaining({ ok: false }));
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('keeps a number’s extension for the window and the call, and never sends it to the Worker', async () => {
    await send({ type: MessageType.AskToDial, number: '+13105550142', source: 'tel-link', extension: '234' }, CONTENT_SENDER);
    const token = openToken();
    const pending = (await send({ type: MessageType.GetPendingDial, token })) as { data: PendingDial };
    expect(pending.data.extension).toBe('234');
    await send({ type: MessageType.ConfirmDial, token });
    expect(env.worker.calls('POST /v1/calls').map((call) => call.body)).toEqual([{ destination: '+13105550142' }]);
    const call = (await send({ type: MessageType.GetCall })) as { data: { extension?: string } };
    expect(call.data.extension).toBe('234');
  });

  it('refuses an extension that is not digits', async () => {
    const reply = await send({ type: MessageType.AskToDial, number: '+13105550142', source: 'tel-link', extension: '12a' }, CONTENT_SENDER);
    expect(reply).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'invalid_request' }) }));
    expect(env.chrome.windows.size).toBe(0);
  });

  it('dials once the window confirms, and the token is then spent', async () => {
    await ask();
    const token = openToken();
    const reply = (await send({ type: MessageType.ConfirmDial, token })) as { ok: boolean; data: DialOutcome };
    expect(reply.ok).toBeTrue();
    expect(env.worker.calls('POST /v1/calls').map((call) => call.body)).toEqual([{ destination: '+13105550142' }]);
    const again = await send({ type: MessageType.ConfirmDial, token });
    expect(again).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'confirmation_expired' }) }));
    expect(env.worker.calls('POST /v1/calls').length).toBe(1);
  });

  it('refuses a wrong token, an expired one, a cancelled one and one whose window was closed', async () => {
    await ask();
    const wrong = await send({ type: MessageType.ConfirmDial, token: 'f'.repeat(32) });
    expect(wrong).toEqual(jasmine.objectContaining({ ok: false }));
    now += CONFIRMATION_TTL_MS + 1;
    expect(await send({ type: MessageType.ConfirmDial, token: openToken() })).toEqual(jasmine.objectContaining({ ok: false }));

    await ask();
    await send({ type: MessageType.CancelDial, token: openToken() });
    expect(await send({ type: MessageType.ConfirmDial, token: openToken() })).toEqual(jasmine.objectContaining({ ok: false }));

    await ask();
    const token = openToken();
    const [windowId] = [...env.chrome.windows.keys()].slice(-1);
    env.chrome.events.onWindowRemoved.dispatch(windowId ?? -1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await send({ type: MessageType.ConfirmDial, token })).toEqual(jasmine.objectContaining({ ok: false }));
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('a second click replaces the first confirmation: its window closes and its token is void', async () => {
    await ask('+13105550142');
    const first = openToken();
    await ask('+12125550199', 'highlight');
    expect(env.chrome.windows.size).toBe(1);
    expect(await send({ type: MessageType.ConfirmDial, token: first })).toEqual(jasmine.objectContaining({ ok: false }));
    await send({ type: MessageType.ConfirmDial, token: openToken() });
    expect(env.worker.calls('POST /v1/calls').map((call) => call.body)).toEqual([{ destination: '+12125550199' }]);
  });

  it('opens nothing for a paused tab, even when the asking frame comes from another site', async () => {
    await send({ type: MessageType.UpdateSettings, settings: { pausedSites: ['crm.example.com'] } });
    const framed = { ...CONTENT_SENDER, url: 'https://widgets.example/frame.html' };
    expect(await ask('+13105550142', 'tel-link', framed)).toEqual(
      jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'forbidden_sender' }) }),
    );
    expect(env.chrome.windows.size).toBe(0);
  });

  it('opens nothing for a highlight when highlighting is off, and nothing when signed out', async () => {
    await send({ type: MessageType.UpdateSettings, settings: { highlightNumbers: false } });
    expect(await ask('+13105550142', 'highlight')).toEqual(jasmine.objectContaining({ ok: false }));
    expect(await ask('+13105550142', 'tel-link')).toEqual({ ok: true, data: null });
    await send({ type: MessageType.SignOut });
    env.chrome.windows.clear();
    expect(await ask()).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'unauthorized' }) }));
    expect(env.chrome.windows.size).toBe(0);
  });

  it('refuses, from a content script, a number that is not E.164 and a source other than a tel: link or a highlight', async () => {
    expect(await ask('(310) 555-0142')).toEqual(
      jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'invalid_request' }) }),
    );
    expect(await ask('+13105550142', 'context-menu')).toEqual(jasmine.objectContaining({ ok: false }));
    expect(env.chrome.windows.size).toBe(0);
  });
});
