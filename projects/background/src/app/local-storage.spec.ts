import { TestBed } from '@angular/core/testing';
import { DEFAULT_SETTINGS } from '@voipcom/shared';
import { SESSION_ID, setUpBackground } from '../testing/background-test-bed';
import { LocalStorage } from './local-storage';

describe('LocalStorage', () => {
  let env: ReturnType<typeof setUpBackground>;
  let store: LocalStorage;

  beforeEach(() => {
    env = setUpBackground();
    store = TestBed.inject(LocalStorage);
  });

  it('keeps only the session id, and ignores a malformed one', async () => {
    await store.setSession(SESSION_ID);
    expect([...env.chrome.stored.keys()]).toEqual(['session']);
    expect(await store.session()).toBe(SESSION_ID);
    env.chrome.stored.set('session', 'short');
    expect(await store.session()).toBeNull();
  });

  it('falls back to the default for each stored setting that fails validation', async () => {
    env.chrome.stored.set('settings', { defaultCountry: 'gb', highlightNumbers: false, pausedSites: 'x' });
    expect(await store.settings()).toEqual({ ...DEFAULT_SETTINGS, highlightNumbers: false });
  });

  it('reads the dismissed policy date only when it is a date', async () => {
    env.chrome.stored.set('dismissedPolicy', 'yesterday');
    expect(await store.dismissedPolicy()).toBeNull();
    await store.setDismissedPolicy('2026-12-15');
    expect(await store.dismissedPolicy()).toBe('2026-12-15');
  });
});
