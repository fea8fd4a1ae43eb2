import { TestBed } from '@angular/core/testing';
import { MessageType, type PageSettings, type ExtensionState } from '@voipcom/shared';
import { CONTENT_SENDER, SESSION_ID, sendMessage, settle, setUpBackground, USER } from '../testing/background-test-bed';
import { fakeTab } from '../../../extension/chrome/testing/fake-tab';
import { BackgroundApp } from './background-app';
import { DIAL_SELECTION } from './dial-selection';
import { readManagedPolicy } from './managed-policy-feature';
import { numberingPlanLine } from '../../../shared/src/lib/phone/numbering-plans';

describe('the organisation’s policy (managed storage)', () => {
  let env: ReturnType<typeof setUpBackground>;
  let warnings: string[];

  beforeEach(() => {
    env = setUpBackground();
    env.worker.reply('GET /v1/policy', 200, { current: { effective: '2026-05-01', url: 'https://voipcom.network/p' }, upcoming: null });
    env.worker.reply('POST /v1/session', 200, { session: SESSION_ID, user: USER });
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    warnings = [];
    spyOn(console, 'warn').and.callFake((message: string) => void warnings.push(message));
  });

  const start = () => TestBed.inject(BackgroundApp).init().checked;
  const send = (message: unknown, sender?: chrome.runtime.MessageSender) => sendMessage(env.chrome, message, sender);
  const state = async () => ((await send({ type: MessageType.GetState })) as { data: ExtensionState }).data;
  const signIn = () => send({ type: MessageType.SignIn, username: '1001@acme', password: 'secret' });
  const pageSettings = async (url: string) => {
    const sender = { ...CONTENT_SENDER, url, origin: new URL(url).origin, tab: fakeTab({ id: 7, url }) };
    return ((await send({ type: MessageType.GetPageSettings }, sender)) as { data: PageSettings }).data;
  };

  it('the admin wins: the policy’s country and highlighting apply over the user’s, and the user’s change does not stick', async () => {
    env.chrome.stored.set('settings', { defaultCountry: 'CA', highlightNumbers: true, pausedSites: [], originationDeviceId: null });
    env.chrome.setPolicy({ DefaultCountry: 'MX', HighlightNumbers: false });
    await start();
    await signIn();
    expect((await state()).settings).toEqual(jasmine.objectContaining({ defaultCountry: 'MX', highlightNumbers: false }));
    expect((await state()).managed).toEqual({ defaultCountry: 'MX', highlightNumbers: false, inactiveSites: [] });
    await send({ type: MessageType.UpdateSettings, settings: { defaultCountry: 'US', highlightNumbers: true } });
    expect((await state()).settings).toEqual(jasmine.objectContaining({ defaultCountry: 'MX', highlightNumbers: false }));
    expect(await pageSettings('https://crm.example.com/')).toEqual({
      interceptTelLinks: true,
      highlightNumbers: false,
      defaultCountry: 'MX',
      numberingPlan: numberingPlanLine('MX'),
    });
    // The user's own choice was kept, and returns when the admin lifts the policy.
    env.chrome.setPolicy({});
    await settle();
    expect((await state()).settings).toEqual(jasmine.objectContaining({ defaultCountry: 'CA', highlightNumbers: true }));
  });

  it('what the admin did not set stays the user’s choice', async () => {
    env.chrome.setPolicy({ UsernameDomain: 'acme' });
    await start();
    await signIn();
    await send({ type: MessageType.UpdateSettings, settings: { defaultCountry: 'ES', highlightNumbers: false } });
    expect((await state()).settings).toEqual(jasmine.objectContaining({ defaultCountry: 'ES', highlightNumbers: false }));
    expect((await state()).managed).toEqual({ usernameDomain: 'acme', inactiveSites: [] });
  });

  it('inactive sites, subdomains and frames included, in addition to the user’s pauses', async () => {
    env.chrome.setPolicy({ InactiveSites: ['Example.com', '*.bank.test'] });
    await start();
    await signIn();
    await send({ type: MessageType.UpdateSettings, settings: { pausedSites: ['news.test'] } });
    const quiet = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: numberingPlanLine('US') };
    for (const url of ['https://example.com/a', 'https://crm.example.com/b', 'https://www.bank.test/', 'https://news.test/']) {
      expect(await pageSettings(url))
        .withContext(url)
        .toEqual(quiet);
    }
    expect((await pageSettings('https://notexample.com/')).interceptTelLinks).toBeTrue();
    // A page on such a site cannot open the confirmation window either.
    const sender = { ...CONTENT_SENDER, tab: fakeTab({ id: 7, url: 'https://crm.example.com/' }) };
    expect(await send({ type: MessageType.AskToDial, number: '+13105550142', source: 'tel-link' }, sender)).toEqual(
      jasmine.objectContaining({ ok: false }),
    );
    expect(env.chrome.windows.size).toBe(0);
  });

  it('the right-click item does not dial on an inactive site, and says why', async () => {
    env.chrome.setPolicy({ InactiveSites: ['example.com'] });
    await start();
    await signIn();
    env.chrome.events.onMenuClicked.dispatch(
      { menuItemId: DIAL_SELECTION, selectionText: '(310) 555-0142', editable: false },
      fakeTab({ id: 7, url: 'https://crm.example.com/' }),
    );
    await settle();
    expect(env.worker.calls('POST /v1/calls').length).toBe(0);
    expect((await state()).problem).toEqual(jasmine.objectContaining({ detail: 'site_off' }));
  });

  it('a policy change applies at once and tells the open tabs', async () => {
    await start();
    await signIn();
    env.chrome.tabs.push({ id: 3, url: 'https://crm.example.com/', answer: () => undefined });
    env.chrome.setPolicy({ InactiveSites: ['example.com'] });
    await settle();
    await settle();
    expect(env.chrome.sentToTabs.at(-1)).toEqual({
      tabId: 3,
      message: {
        type: MessageType.PageSettingsChanged,
        settings: { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: numberingPlanLine('US') },
      },
    });
  });

  it('values that fail are ignored with a warning; the rest of the policy still applies and nothing breaks', async () => {
    env.chrome.setPolicy({
      DefaultCountry: 'mexico',
      HighlightNumbers: 'yes',
      InactiveSites: ['example.com', 'https://bank.test/login', 42, ''],
      UsernameDomain: 'acme corp',
      Unknown: true,
    });
    await start();
    await signIn();
    const current = await state();
    expect(current.status).toBe('signed-in');
    expect(current.managed).toEqual({ inactiveSites: ['example.com'] });
    expect(current.settings).toEqual(jasmine.objectContaining({ defaultCountry: 'US', highlightNumbers: true }));
    expect(warnings.length).toBe(6);
    expect(warnings.join('\n')).toContain('DefaultCountry');
    expect(warnings.join('\n')).toContain('https://bank.test/login');
  });

  it('a policy that is not even an object of the right kinds reads as no policy', () => {
    const warn = jasmine.createSpy('warn');
    expect(readManagedPolicy({ InactiveSites: 'example.com', DefaultCountry: null }, warn)).toEqual({ inactiveSites: [] });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(readManagedPolicy({}, warn)).toEqual({ inactiveSites: [] });
  });

  it('managed storage that cannot be read leaves the user’s settings in force', async () => {
    env.chrome.api.storage.managed.get = () => Promise.reject(new Error('managed storage unavailable'));
    await start();
    expect((await state()).managed).toEqual({ inactiveSites: [] });
    expect(warnings.length).toBe(1);
  });
});
