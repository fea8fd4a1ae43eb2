import { TestBed } from '@angular/core/testing';
import { MessageType, type CallProgress, type ExtensionState } from '@voipcom/shared';
import { sendMessage, SESSION_ID, setUpBackground, USER } from '../testing/background-test-bed';
import { BackgroundApp } from './background-app';

describe('following a call (CallFeature)', () => {
  const CALL_ID = 'call-0123456789abcdefghij';
  const STATUS = `GET /v1/calls/${CALL_ID}`;
  let env: ReturnType<typeof setUpBackground>;
  let now: number;

  const status = (state: string, extra: object = {}) =>
    env.worker.reply(STATUS, 200, { callId: CALL_ID, destination: '+12125550123', state, ...extra });
  const send = (message: unknown) => sendMessage(env.chrome, message);
  const currentCall = async () => ((await send({ type: MessageType.GetCall })) as { data: CallProgress | null }).data;
  /** Waits until the followed call is in `state` (polls run every few milliseconds here). */
  async function reach(state: string): Promise<CallProgress> {
    for (let tries = 0; tries < 200; tries++) {
      const call = await currentCall();
      if (call?.state === state) return call;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`the call never reached ${state}; it is ${JSON.stringify(await currentCall())}`);
  }

  async function start(): Promise<void> {
    await TestBed.inject(BackgroundApp).init().checked;
  }

  beforeEach(() => {
    now = 1_700_000_000_000;
    env = setUpBackground(() => now);
    env.chrome.stored.set('session', SESSION_ID);
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    env.worker.reply('GET /v1/policy', 200, { current: { effective: '2026-05-01', url: 'https://voipcom.network/p' }, upcoming: null });
    env.worker.reply('POST /v1/calls', 202, { callId: CALL_ID, destination: '+12125550123' });
    env.worker.reply('DELETE /v1/session', 204, null);
  });

  it('follows a placed call through each state to its end, on the badge too', async () => {
    status('ringing_you');
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    expect((await reach('ringing_you')).destination).toBe('+12125550123');
    expect(env.chrome.badge.title).toContain('your phone is ringing');
    status('ringing_them');
    await reach('ringing_them');
    expect(env.chrome.badge.text).toBe('…');
    status('connected', { answeredAt: '2023-11-14T22:13:25.000Z' });
    const connected = await reach('connected');
    expect(connected.answeredAt).toBe(Date.parse('2023-11-14T22:13:25.000Z'));
    expect(env.chrome.badge.text).toBe('●');
    status('ended');
    await reach('ended');
    expect(env.chrome.badge.text).toBe('end');
    const polls = env.worker.calls(STATUS).length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    // No more polling once it ended, and after a while the badge is back to normal.
    expect(env.worker.calls(STATUS).length).toBe(polls);
    expect(env.chrome.badge.text).toBe('✓');
    // Every status read carried the session; none went anywhere but the call's own path.
    expect(env.worker.calls(STATUS).every((request) => request.authorization === `Bearer ${SESSION_ID}`)).toBeTrue();
  });

  it('ends the call on request: DELETE, then "ended" at once', async () => {
    status('ringing_you');
    env.worker.reply(`DELETE /v1/calls/${CALL_ID}`, 204, null);
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    const reply = (await send({ type: MessageType.EndCall })) as { ok: boolean; data: CallProgress };
    expect(reply.ok).toBeTrue();
    expect(reply.data.state).toBe('ended');
    expect(env.worker.calls(`DELETE /v1/calls/${CALL_ID}`).length).toBe(1);
  });

  it('a failed call: the Worker’s words stay in the state, the badge says it in the extension’s own words', async () => {
    status('failed', { message: 'Your phone did not answer.' });
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    const failed = await reach('failed');
    expect(failed.message).toBe('Your phone did not answer.');
    expect(env.chrome.badge.text).toBe('!');
    expect(env.chrome.badge.title).toBe('Voipcom Click-to-Dial: the call failed');
  });

  it('gives a call up as failed when the status cannot be read several times in a row: nothing stuck on the badge', async () => {
    env.worker.error(STATUS, 502, 'upstream_error', 'The phone system is having trouble (503).');
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    const failed = await reach('failed');
    expect(failed.message).toContain('lost track');
    expect(env.worker.calls(STATUS).length).toBe(3);
  });

  it('stops following a call that rings past the ceiling', async () => {
    status('ringing_you');
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    await reach('ringing_you');
    now += 3 * 60_000 + 1;
    expect((await reach('ended')).message).toContain('stopped following');
  });

  it('picks a call up again after a service-worker restart, and forgets it at sign-out', async () => {
    const call: CallProgress = { callId: CALL_ID, destination: '+12125550123', state: 'ringing_them', startedAt: now };
    env.chrome.sessionStored.set('call', call);
    status('connected');
    await start();
    await reach('connected');
    // The restarted worker's reactions run: the badge follows the store.
    expect(env.chrome.badge.text).toBe('●');
    await send({ type: MessageType.SignOut });
    expect(env.chrome.sessionStored.has('call')).toBeFalse();
    expect(await currentCall()).toBeNull();
    expect(env.chrome.badge.text).toBe('off');
  });

  it("forgets the call and the dial's outcome when the Worker says the session expired while it follows it", async () => {
    status('ringing_you');
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    await reach('ringing_you');
    expect(env.chrome.sessionStored.has('call')).toBeTrue();
    env.worker.error(STATUS, 401, 'session_expired', 'Session expired.');
    const state = async () => ((await send({ type: MessageType.GetState })) as { data: ExtensionState }).data;
    for (let tries = 0; tries < 200 && (await state()).status === 'signed-in'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The trigger fired (the poll met the expiry), and the call's owner forgot everything of the call.
    expect(env.worker.calls(STATUS).length).toBeGreaterThan(0);
    expect(await state()).toEqual(jasmine.objectContaining({ status: 'signed-out', call: null, lastDial: null }));
    expect(env.chrome.sessionStored.has('call')).toBeFalse();
  });

  it('a new dial replaces the last call’s outcome', async () => {
    status('ended');
    await start();
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    await reach('ended');
    const release = env.worker.hold('POST /v1/calls');
    const dialling = send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await currentCall()).toBeNull();
    release();
    await dialling;
  });
});
