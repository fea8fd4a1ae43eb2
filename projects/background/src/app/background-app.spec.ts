import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { CONTENT_SENDER, SESSION_ID, sendMessage, settle, setUpBackground, USER } from '../testing/background-test-bed';
import { BackgroundApp } from './background-app';

describe('BackgroundApp', () => {
  let env: ReturnType<typeof setUpBackground>;

  beforeEach(() => {
    env = setUpBackground();
    env.worker.reply('GET /v1/policy', 200, { current: { effective: '2026-05-01', url: 'https://voipcom.network/p' }, upcoming: null });
  });

  function start() {
    return TestBed.inject(BackgroundApp).init();
  }

  it('closes chrome.storage.local to content scripts before it reads the session id', async () => {
    const { ready } = start();
    await ready;
    expect(env.chrome.localArea.accessLevel).toBe('TRUSTED_CONTEXTS');
  });

  it('gives the popup the privacy policy URL the Worker named', async () => {
    await start().checked;
    const reply = await sendMessage(env.chrome, { type: MessageType.GetState });
    expect(reply).toEqual(
      jasmine.objectContaining({ ok: true, data: jasmine.objectContaining({ policyUrl: 'https://voipcom.network/p' }) }),
    );
  });

  it('names no privacy policy URL while the Worker has not answered', async () => {
    env.worker.reply('GET /v1/policy', 503, { error: { code: 'worker_unreachable', message: 'down' } });
    await start().checked;
    const reply = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: object };
    expect(Object.keys(reply.data)).not.toContain('policyUrl');
  });

  it('shows "signed out" on the badge at start-up without a stored session', async () => {
    await start().checked;
    expect(env.chrome.badge.text).toBe('off');
    expect(env.worker.calls('GET /v1/session')).toEqual([]);
  });

  it('restores a stored session at start-up and checks it with the Worker', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    const { ready, checked } = start();
    await ready;
    expect(env.chrome.badge.text).toBe('✓');
    await checked;
    expect(env.worker.calls('GET /v1/session')[0]?.authorization).toBe(`Bearer ${SESSION_ID}`);
    expect(env.chrome.badge.title).toContain('Dana Whitfield');
  });

  it('signs out locally when the Worker says the stored session expired', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.error('GET /v1/session', 401, 'session_expired', 'Session expired.');
    await start().checked;
    expect(env.chrome.stored.has('session')).toBeFalse();
    const reply = await sendMessage(env.chrome, { type: MessageType.GetState });
    expect(reply).toEqual(
      jasmine.objectContaining({
        ok: true,
        data: jasmine.objectContaining({
          status: 'signed-out',
          problem: { code: 'session_expired', message: 'Your session expired, sign in again.' },
        }),
      }),
    );
  });

  it('keeps a stored session when the Worker cannot be reached at start-up, and says so', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.unreachable = true;
    await start().checked;
    expect(env.chrome.stored.get('session')).toBe(SESSION_ID);
    expect(env.chrome.badge.text).toBe('!');
  });

  it('registers the context menu item on install', async () => {
    start();
    env.chrome.events.onInstalled.dispatch({ reason: 'install' });
    await settle();
    expect(env.chrome.menus).toEqual([{ id: 'dial-selection', title: 'Dial “%s”', contexts: ['selection'] }]);
  });

  it('refuses a content script that asks for the state', async () => {
    start();
    const reply = await sendMessage(env.chrome, { type: MessageType.GetState }, CONTENT_SENDER);
    expect(reply).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'forbidden_sender' }) }));
  });
});
