import { TestBed } from '@angular/core/testing';
import { MessageType, type ManagedPolicy } from '@voipcom/shared';
import { enter, provideFakeBackground, settle, SIGNED_IN } from '../testing/fake-background';
import { PopupStore } from './popup-store';
import { SettingsPanelComponent } from './settings-panel.component';
import { NUMBERING_PLANS } from '../../../shared/src/lib/phone/numbering-plans.generated';
import { registerNumberingPlans } from './numbering-plans-loader';

// What the popup reads from the package's numbering-plans.txt (Karma serves no such file).
registerNumberingPlans(NUMBERING_PLANS);

describe('SettingsPanelComponent', () => {
  async function render(activeTabUrl?: string, pausedSites: string[] = [], managed: ManagedPolicy = { inactiveSites: [] }) {
    const state = { ...SIGNED_IN, settings: { ...SIGNED_IN.settings, pausedSites }, managed };
    const fake = provideFakeBackground(state);
    fake.activeTabUrl = activeTabUrl;
    fake.replies.set(MessageType.UpdateSettings, { ok: true, data: state });
    await TestBed.inject(PopupStore).load();
    const fixture = TestBed.createComponent(SettingsPanelComponent);
    await settle(fixture);
    return { fake, fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('offers to pause on the site of the active tab and adds it to the paused sites', async () => {
    const { fake, root, fixture } = await render('https://crm.example.com/contacts/42', ['other.example']);
    const pause = [...root.querySelectorAll('label')].find((label) => label.textContent?.includes('Pause on crm.example.com'));
    const checkbox = pause?.querySelector('input');
    expect(checkbox?.checked).toBeFalse();
    checkbox?.click();
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({
      type: MessageType.UpdateSettings,
      settings: { pausedSites: ['other.example', 'crm.example.com'] },
    });
  });

  it('does not offer pausing on pages the extension never acts on', async () => {
    const { root } = await render('chrome://settings/');
    expect(root.textContent).not.toContain('Pause on');
  });

  it('changes the default country and the highlighting', async () => {
    const { fake, root, fixture } = await render();
    enter(root.querySelector<HTMLSelectElement>('#country')!, 'GB');
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.UpdateSettings, settings: { defaultCountry: 'GB' } });
    const highlight = [...root.querySelectorAll('label')].find((label) => label.textContent?.includes('Highlight'));
    highlight?.querySelector('input')?.click();
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.UpdateSettings, settings: { highlightNumbers: false } });
  });

  it('shows what the organisation set as locked, with a note why', async () => {
    const { root } = await render('https://app.crm.example.com/', [], {
      defaultCountry: 'MX',
      highlightNumbers: false,
      inactiveSites: ['crm.example.com'],
    });
    const country = root.querySelector<HTMLSelectElement>('#country')!;
    expect(country.disabled).toBeTrue();
    expect(country.getAttribute('aria-describedby')).toContain('country-locked');
    expect(root.querySelector('#country-locked')?.textContent).toContain('Set by your organisation');
    const highlight = [...root.querySelectorAll('label')].find((label) => label.textContent?.includes('Highlight'))!;
    expect(highlight.querySelector('input')?.disabled).toBeTrue();
    expect(highlight.textContent).toContain('Set by your organisation');
    const pause = [...root.querySelectorAll('label')].find((label) => label.textContent?.includes('Pause on app.crm.example.com'))!;
    expect(pause.querySelector('input')?.checked).toBeTrue();
    expect(pause.querySelector('input')?.disabled).toBeTrue();
    expect(pause.textContent).toContain('Your organisation keeps Click-to-Dial off on this site.');
  });

  it('leaves unlocked what the organisation did not set', async () => {
    const { root } = await render('https://news.example.org/', [], { usernameDomain: 'acme', inactiveSites: ['crm.example.com'] });
    expect(root.querySelector<HTMLSelectElement>('#country')?.disabled).toBeFalse();
    expect(root.querySelectorAll('input:disabled').length).toBe(0);
    expect(root.textContent).not.toContain('Set by your organisation');
  });

  describe('the organisation’s destination rules (read-only)', () => {
    async function renderRules(reply: unknown) {
      const fake = provideFakeBackground(SIGNED_IN);
      fake.replies.set(MessageType.GetOrgRules, reply);
      await TestBed.inject(PopupStore).load();
      const fixture = TestBed.createComponent(SettingsPanelComponent);
      await settle(fixture);
      const section = (fixture.nativeElement as HTMLElement).querySelector('.org-rules');
      return { fake, section, lines: [...(section?.querySelectorAll('p') ?? [])].map((line) => line.textContent?.trim()) };
    }

    it('lists the allowed countries, the refused classes and the do-not-call list, with no control to change them', async () => {
      const rules = { allowedCountries: ['CA', 'US'], refusedClasses: ['mobile', 'toll_free'], doNotCall: ['+1900', '+14805550199'] };
      const { fake, section, lines } = await renderRules({ ok: true, data: rules });
      expect(fake.sent.some((message) => message.type === MessageType.GetOrgRules)).toBeTrue();
      expect(section?.querySelector('h3')?.textContent?.trim()).toBe('Your organisation’s call rules');
      expect(lines).toEqual([
        'Calls only to: Canada and United States.',
        'Never to: mobile numbers and toll-free numbers.',
        'Do-not-call list (numbers, or numbers starting so): +1900 and +14805550199.',
      ]);
      expect(section?.querySelectorAll('input, select, button').length).toBe(0);
    });

    it('says so when the organisation sets no limits', async () => {
      const { lines } = await renderRules({ ok: true, data: { allowedCountries: [], refusedClasses: [], doNotCall: [] } });
      expect(lines).toEqual(['Your organisation sets no limits.']);
    });

    it('says the rules cannot be shown when the Worker cannot be asked (never "no limits")', async () => {
      const { lines } = await renderRules({ ok: false, error: { code: 'worker_unreachable', message: 'x' } });
      expect(lines).toEqual(['Your organisation’s call rules cannot be shown right now.']);
    });
  });
});
