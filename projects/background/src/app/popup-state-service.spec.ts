import { TestBed } from '@angular/core/testing';
import { MessageType, POPUP_STATE_KEY, type ExtensionState } from '@voipcom/shared';
import { SESSION_ID, sendMessage, settle, setUpBackground, USER } from '../testing/background-test-bed';
import { BackgroundApp } from './background-app';

describe('PopupStateService (a popup that never waits for the network)', () => {
  let env: ReturnType<typeof setUpBackground>;
  const DESK = { id: '1001-desk', label: 'Desk phone', online: true };

  beforeEach(() => {
    env = setUpBackground();
    env.worker.reply('GET /v1/policy', 200, { current: { effective: '2026-05-01', url: 'https://voipcom.network/p' }, upcoming: null });
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    env.worker.reply('GET /v1/devices', 200, { devices: [DESK] });
  });

  const mirrored = () => env.chrome.sessionStored.get(POPUP_STATE_KEY) as ExtensionState | undefined;

  it('answers GetState while the Worker has not answered, and RefreshState once it has', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    const release = env.worker.hold('GET /v1/session');
    await TestBed.inject(BackgroundApp).init().ready;
    let answered: unknown;
    void sendMessage(env.chrome, { type: MessageType.GetState }).then((reply) => (answered = reply));
    let refreshed: unknown;
    void sendMessage(env.chrome, { type: MessageType.RefreshState }).then((reply) => (refreshed = reply));
    await settle();
    await settle();
    expect(answered).toEqual(jasmine.objectContaining({ ok: true, data: jasmine.objectContaining({ status: 'signed-in' }) }));
    expect(refreshed).toBeUndefined();
    release();
    await settle();
    await settle();
    expect(refreshed).toEqual(jasmine.objectContaining({ ok: true, data: jasmine.objectContaining({ user: USER }) }));
  });

  it('reports an unreachable Worker on RefreshState only, as a condition the popup can retry', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.unreachable = true;
    await TestBed.inject(BackgroundApp).init().checked;
    const now = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: ExtensionState };
    expect(now.data.problem).toBeNull();
    const after = (await sendMessage(env.chrome, { type: MessageType.RefreshState })) as { data: ExtensionState };
    expect(after.data.problem?.code).toBe('worker_unreachable');
    expect(after.data.status).toBe('signed-in');
  });

  it("keeps a dial's problem that came while a refresh waited for the Worker for the next popup (the refreshing one may be closed)", async () => {
    env.chrome.stored.set('session', SESSION_ID);
    await TestBed.inject(BackgroundApp).init().checked;
    env.worker.reply('POST /v1/calls', 502, { error: { code: 'upstream_error', message: 'The phone system is having trouble.' } });
    const release = env.worker.hold('GET /v1/session');
    let refreshed: { data: ExtensionState } | undefined;
    void sendMessage(env.chrome, { type: MessageType.RefreshState }).then((reply) => (refreshed = reply as { data: ExtensionState }));
    await settle();
    // The trigger: a dial fails while the refresh waits.
    const dialled = (await sendMessage(env.chrome, { type: MessageType.Dial, destination: '+14805550190', source: 'popup' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(dialled.error?.code).toBe('upstream_error');
    release();
    await settle();
    await settle();
    expect(refreshed?.data.problem).toBeNull();
    const next = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: ExtensionState };
    expect(next.data.problem?.code).toBe('upstream_error');
  });

  it('delivers an expiry learnt by two requests in flight once: the later answer does not raise it again', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    await TestBed.inject(BackgroundApp).init().checked;
    env.worker.error('GET /v1/session', 401, 'unauthorized', 'Session expired.');
    env.worker.error('GET /v1/devices', 401, 'unauthorized', 'Session expired.');
    const release = env.worker.hold('GET /v1/devices');
    let listed: unknown;
    void sendMessage(env.chrome, { type: MessageType.ListDevices }).then((reply) => (listed = reply));
    await settle();
    const refreshed = (await sendMessage(env.chrome, { type: MessageType.RefreshState })) as { data: ExtensionState };
    expect(refreshed.data.problem?.code).toBe('session_expired');
    // The trigger: the second request's answer about the same ended session arrives after the popup was told.
    release();
    await settle();
    await settle();
    expect(listed).toEqual(jasmine.objectContaining({ ok: false }));
    expect(env.worker.calls('GET /v1/devices')).toHaveSize(1);
    const next = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: ExtensionState };
    expect(next.data.status).toBe('signed-out');
    expect(next.data.problem).toBeNull();
  });

  it("keeps the user's new session when a late answer says the old one expired", async () => {
    const NEW_SESSION = 'N'.repeat(43);
    env.chrome.stored.set('session', SESSION_ID);
    await TestBed.inject(BackgroundApp).init().checked;
    env.worker.error('GET /v1/devices', 401, 'unauthorized', 'Session expired.');
    const release = env.worker.hold('GET /v1/devices');
    let listed: unknown;
    void sendMessage(env.chrome, { type: MessageType.ListDevices }).then((reply) => (listed = reply));
    await settle();
    env.worker.reply('DELETE /v1/session', 204, null);
    env.worker.reply('POST /v1/session', 200, { session: NEW_SESSION, user: USER });
    await sendMessage(env.chrome, { type: MessageType.SignOut });
    await sendMessage(env.chrome, { type: MessageType.SignIn, username: '1001@acme', password: 'secret' });
    release();
    await settle();
    await settle();
    // The trigger: the old session's 401 reached the background after the new sign-in.
    expect(listed).toEqual(jasmine.objectContaining({ ok: false }));
    expect(env.worker.calls('GET /v1/devices')[0]?.authorization).toBe(`Bearer ${SESSION_ID}`);
    const next = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: ExtensionState };
    expect(next.data.status).toBe('signed-in');
    expect(next.data.problem).toBeNull();
    expect(env.chrome.stored.get('session')).toBe(NEW_SESSION);
  });

  it('mirrors the state (without its problem) to storage.session, and a restarted worker takes the user and phones back', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    await TestBed.inject(BackgroundApp).init().checked;
    await sendMessage(env.chrome, { type: MessageType.ListDevices });
    await settle();
    expect(mirrored()).toEqual(jasmine.objectContaining({ status: 'signed-in', user: USER, devices: [DESK], problem: null }));
    expect(JSON.stringify(mirrored())).not.toContain(SESSION_ID);

    // The service worker stops; a new one starts with the same storage while the Worker cannot be reached.
    const sessionStored = new Map(env.chrome.sessionStored);
    TestBed.resetTestingModule();
    env = setUpBackground();
    env.chrome.stored.set('session', SESSION_ID);
    sessionStored.forEach((value, key) => env.chrome.sessionStored.set(key, value));
    env.worker.unreachable = true;
    await TestBed.inject(BackgroundApp).init().ready;
    const reply = (await sendMessage(env.chrome, { type: MessageType.GetState })) as { data: ExtensionState };
    expect(reply.data.user).toEqual(USER);
    expect(reply.data.devices).toEqual([DESK]);
  });

  it('mirrors a sign-out at once: no user, no phones', async () => {
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.reply('DELETE /v1/session', 204, null);
    await TestBed.inject(BackgroundApp).init().checked;
    await sendMessage(env.chrome, { type: MessageType.ListDevices });
    await sendMessage(env.chrome, { type: MessageType.SignOut });
    await settle();
    expect(mirrored()).toEqual(jasmine.objectContaining({ status: 'signed-out', user: null, devices: [] }));
  });
});
