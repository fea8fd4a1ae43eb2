import { TestBed } from '@angular/core/testing';
import { MessageType, type ExtensionState } from '@voipcom/shared';
import { CONTENT_SENDER, SESSION_ID, sendMessage, settle, setUpBackground, USER } from '../testing/background-test-bed';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { BackgroundApp } from './background-app';
import { numberingPlanLine } from '../../../shared/src/lib/phone/numbering-plans';

describe('RuntimeMessagesFeature (the background through its messages)', () => {
  let env: ReturnType<typeof setUpBackground>;

  beforeEach(async () => {
    env = setUpBackground();
    env.worker.reply('GET /v1/policy', 200, { current: { effective: '2026-05-01', url: 'https://voipcom.network/p' }, upcoming: null });
    env.worker.reply('POST /v1/session', 200, { session: SESSION_ID, user: USER });
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    env.worker.reply('DELETE /v1/session', 204, null);
    await TestBed.inject(BackgroundApp).init().checked;
  });

  const send = (message: unknown, sender?: chrome.runtime.MessageSender) => sendMessage(env.chrome, message, sender);
  const state = async () => ((await send({ type: MessageType.RefreshState })) as { data: ExtensionState }).data;
  const signIn = () => send({ type: MessageType.SignIn, username: '1001@acme', password: 'secret' });

  it('answers a message it does not know with invalid_request', async () => {
    expect(await send({ type: 'state/steal' })).toEqual(
      jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'invalid_request' }) }),
    );
  });

  it('answers internal_error when a handler fails (a storage write refused), never leaving the asker waiting', async () => {
    await signIn();
    let writes = 0;
    env.chrome.localArea.set = () => {
      writes++;
      return Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    };
    const reply = await send({ type: MessageType.UpdateSettings, settings: { highlightNumbers: false } });
    // The trigger happened: the handler tried to save, and the refusal reached the asker as an answer.
    expect(writes).toBeGreaterThan(0);
    expect(reply).toEqual({ ok: false, error: jasmine.objectContaining({ code: 'internal_error' }) });
  });

  it('signs in: stores only the session id, answers the state and shows it on the badge', async () => {
    const reply = await signIn();
    expect(reply).toEqual({ ok: true, data: jasmine.objectContaining({ status: 'signed-in', user: USER }) });
    expect(Object.fromEntries(env.chrome.stored)).toEqual({ session: SESSION_ID });
    expect(env.worker.calls('POST /v1/session')[0]?.body).toEqual({ username: '1001@acme', password: 'secret' });
    expect(env.chrome.badge.text).toBe('✓');
  });

  it('passes on mfa_required and sends the passcode on the second try', async () => {
    env.worker.error('POST /v1/session', 401, 'mfa_required', 'Enter your passcode.');
    expect(await signIn()).toEqual({ ok: false, error: { code: 'mfa_required', message: 'Enter your passcode.' } });
    env.worker.reply('POST /v1/session', 200, { session: SESSION_ID, user: USER });
    await send({ type: MessageType.SignIn, username: '1001@acme', password: 'secret', passcode: '246810' });
    expect(env.worker.calls('POST /v1/session')[1]?.body).toEqual({ username: '1001@acme', password: 'secret', passcode: '246810' });
  });

  it('signs out locally at once even when the Worker cannot be reached', async () => {
    await signIn();
    env.worker.unreachable = true;
    const reply = await send({ type: MessageType.SignOut });
    expect(reply).toEqual({ ok: true, data: jasmine.objectContaining({ status: 'signed-out', user: null }) });
    expect(env.chrome.stored.has('session')).toBeFalse();
    expect(env.chrome.badge.text).toBe('off');
  });

  it('ends the server session on sign-out', async () => {
    await signIn();
    await send({ type: MessageType.SignOut });
    expect(env.worker.calls('DELETE /v1/session')[0]?.authorization).toBe(`Bearer ${SESSION_ID}`);
  });

  it('dials with the chosen device and keeps the outcome as the last dial', async () => {
    await signIn();
    await send({ type: MessageType.UpdateSettings, settings: { originationDeviceId: '1001-desk' } });
    env.worker.reply('POST /v1/calls', 200, { callId: 'call-0123456789abcdefghij', destination: '+12125550123' });
    const reply = await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    expect(reply).toEqual({ ok: true, data: { destination: '+12125550123', placed: true, at: 1_700_000_000_000 } });
    expect(env.worker.calls('POST /v1/calls')[0]?.body).toEqual({ destination: '+12125550123', origination: '1001-desk' });
    expect((await state()).lastDial?.placed).toBeTrue();
    // The placed call is followed from here: it rings.
    expect((await state()).call).toEqual(jasmine.objectContaining({ callId: 'call-0123456789abcdefghij', state: 'ringing_you' }));
    expect(env.chrome.badge.text).toBe('…');
  });

  it('shows "calling" on the badge while a dial is on its way', async () => {
    await signIn();
    env.worker.reply('POST /v1/calls', 200, { callId: 'call-0123456789abcdefghij', destination: '+12125550123' });
    const release = env.worker.hold('POST /v1/calls');
    const reply = send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    await settle();
    expect(env.chrome.badge.text).toBe('…');
    release();
    await reply;
    expect(env.chrome.badge.title).toContain('your phone is ringing');
  });

  it('signs out with "session expired" when a dial finds the session gone', async () => {
    await signIn();
    env.worker.error('POST /v1/calls', 401, 'session_expired', 'Session expired.');
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    expect(env.chrome.stored.has('session')).toBeFalse();
    const shown = await state();
    expect(shown.status).toBe('signed-out');
    expect(shown.problem?.code).toBe('session_expired');
  });

  it('shows a dial failure once on the badge and in the popup, then clears it', async () => {
    await signIn();
    env.worker.error('POST /v1/calls', 502, 'upstream_error', 'The PBX refused the call.');
    await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    expect(env.chrome.badge.text).toBe('!');
    expect((await state()).problem?.code).toBe('upstream_error');
    expect(env.chrome.badge.text).toBe('✓');
    expect((await state()).problem).toBeNull();
  });

  it('refuses to dial while signed out', async () => {
    const reply = await send({ type: MessageType.Dial, destination: '+12125550123', source: 'popup' });
    expect(reply).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'unauthorized' }) }));
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it("gives content scripts page settings without user data, judged by the tab's top-level site", async () => {
    /** A content script in a frame from `frameUrl` inside a tab showing `tabUrl`. */
    const ask = (tabUrl: string, frameUrl = tabUrl) =>
      send({ type: MessageType.GetPageSettings }, { ...CONTENT_SENDER, url: frameUrl, tab: fakeTab({ id: 7, url: tabUrl }) });
    expect(await ask('https://crm.example.com/')).toEqual({
      ok: true,
      data: { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: numberingPlanLine('US') },
    });
    await signIn();
    await send({ type: MessageType.UpdateSettings, settings: { pausedSites: ['Paused.example'], defaultCountry: 'GB' } });
    expect(await ask('https://crm.example.com/')).toEqual({
      ok: true,
      data: { interceptTelLinks: true, highlightNumbers: true, defaultCountry: 'GB', numberingPlan: numberingPlanLine('GB') },
    });
    expect(await ask('https://paused.example/a')).toEqual({
      ok: true,
      data: { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'GB', numberingPlan: numberingPlanLine('GB') },
    });
    // A frame from another site inside the paused tab is paused too; a paused site framed elsewhere is not.
    expect(await ask('https://paused.example/a', 'https://ads.example/frame')).toEqual(
      jasmine.objectContaining({ data: jasmine.objectContaining({ interceptTelLinks: false }) }),
    );
    expect(await ask('https://crm.example.com/', 'https://paused.example/frame')).toEqual(
      jasmine.objectContaining({ data: jasmine.objectContaining({ interceptTelLinks: true }) }),
    );
    // Pages that are not web pages get nothing.
    expect(await ask('file:///home/user/numbers.html')).toEqual(
      jasmine.objectContaining({ data: jasmine.objectContaining({ interceptTelLinks: false }) }),
    );
  });

  it('refuses a dial from a content script, whatever source it claims', async () => {
    await signIn();
    // Only the popup dials: a content script claiming to be it is refused by sender, any other source by the schema.
    const refusals = { popup: 'forbidden_sender', 'tel-link': 'invalid_request', highlight: 'invalid_request' };
    for (const [source, code] of Object.entries(refusals)) {
      const reply = await send({ type: MessageType.Dial, destination: '+12125550123', source }, CONTENT_SENDER);
      expect(reply).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code }) }));
    }
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('refuses a destination that is not E.164 before it reaches the Worker', async () => {
    await signIn();
    const reply = await send({ type: MessageType.Dial, destination: '(212) 555-0123', source: 'popup' });
    expect(reply).toEqual(jasmine.objectContaining({ ok: false, error: jasmine.objectContaining({ code: 'invalid_request' }) }));
    expect(env.worker.calls('POST /v1/calls')).toEqual([]);
  });

  it('tells open tabs when their page settings change, and ignores tabs without a content script', async () => {
    env.chrome.tabs.push({ id: 1, url: 'https://crm.example.com/', answer: () => undefined }, { id: 2, url: 'chrome://settings/' });
    await signIn();
    const toTab1 = env.chrome.sentToTabs.filter((sent) => sent.tabId === 1).map((sent) => sent.message);
    expect(toTab1).toEqual([
      {
        type: MessageType.PageSettingsChanged,
        settings: { interceptTelLinks: true, highlightNumbers: true, defaultCountry: 'US', numberingPlan: numberingPlanLine('US') },
      },
    ]);
  });

  it('shows an announced policy version until it is dismissed, also after a restart', async () => {
    env.worker.reply('GET /v1/policy', 200, {
      current: { effective: '2026-05-01', url: 'https://voipcom.network/p' },
      upcoming: { effective: '2026-12-15', url: 'https://voipcom.network/p2', summary: 'Shorter retention.', announced: '2026-11-20' },
    });
    expect((await state()).policyNotice).toEqual({
      effective: '2026-12-15',
      summary: 'Shorter retention.',
      url: 'https://voipcom.network/p2',
    });
    const reply = await send({ type: MessageType.DismissPolicyNotice, effective: '2026-12-15' });
    expect(reply).toEqual({ ok: true, data: jasmine.objectContaining({ policyNotice: null }) });
    expect((await state()).policyNotice).toBeNull();
    expect(env.chrome.stored.get('dismissedPolicy')).toBe('2026-12-15');
  });
});
