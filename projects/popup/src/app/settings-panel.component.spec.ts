import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { enter, provideFakeBackground, settle, SIGNED_IN } from '../testing/fake-background';
import { PopupStore } from './popup-store';
import { SettingsPanelComponent } from './settings-panel.component';

describe('SettingsPanelComponent', () => {
  async function render(activeTabUrl?: string, pausedSites: string[] = []) {
    const state = { ...SIGNED_IN, settings: { ...SIGNED_IN.settings, pausedSites } };
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
});
