import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { enter, provideFakeBackground, settle, SIGNED_IN, SIGNED_OUT } from '../testing/fake-background';
import { DialPanelComponent } from './dial-panel.component';
import { PopupStore } from './popup-store';
import { NUMBERING_PLANS } from '../../../shared/src/lib/phone/numbering-plans.generated';
import { registerNumberingPlans } from './numbering-plans-loader';

// What the popup reads from the package's numbering-plans.txt (Karma serves no such file).
registerNumberingPlans(NUMBERING_PLANS);

describe('DialPanelComponent', () => {
  async function render(state = SIGNED_IN) {
    const fake = provideFakeBackground(state);
    fake.replies.set(MessageType.ListDevices, { ok: true, data: [{ id: '1001-desk', label: 'Desk phone', online: true }] });
    await TestBed.inject(PopupStore).load();
    const fixture = TestBed.createComponent(DialPanelComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const number = root.querySelector<HTMLInputElement>('#destination')!;
    const dialButton = root.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    const type = async (value: string) => {
      enter(number, value);
      await settle(fixture);
    };
    return { fake, fixture, root, number, dialButton, type };
  }

  it('shows the number as it will be dialled, spaced as everywhere, as the user types', async () => {
    const { root, type, dialButton } = await render();
    await type('(212) 555-0123');
    expect(root.querySelector('#destination-preview')?.textContent).toContain('+1 212 555 0123');
    expect(dialButton.disabled).toBeFalse();
  });

  it('reads numbers without + in the default country', async () => {
    const { root, type } = await render({ ...SIGNED_IN, settings: { ...SIGNED_IN.settings, defaultCountry: 'GB' } });
    await type('020 7946 0958');
    expect(root.querySelector('#destination-preview')?.textContent).toContain('+44 2079460958');
  });

  it('marks an incomplete number and keeps Dial disabled', async () => {
    const { number, type, dialButton } = await render();
    await type('555-01');
    expect(number.getAttribute('aria-invalid')).toBe('true');
    expect(dialButton.disabled).toBeTrue();
  });

  it('dials the E.164 number and tells the user their phone rings', async () => {
    const { fake, root, type, dialButton, fixture } = await render();
    fake.replies.set(MessageType.Dial, { ok: true, data: { destination: '+12125550123', placed: true, at: 1 } });
    const call = { callId: 'call-0123456789abcdefghij', destination: '+12125550123', state: 'ringing_you', startedAt: 1 };
    fake.replies.set(MessageType.GetCall, { ok: true, data: call });
    await type('212 555 0123');
    dialButton.click();
    await settle(fixture);
    await settle(fixture);
    expect(fake.sent.filter((message) => message.type === MessageType.Dial).at(-1)).toEqual({
      type: MessageType.Dial,
      destination: '+12125550123',
      source: 'popup',
    });
    expect(root.textContent).toContain('Your phone is ringing');
  });

  it('reads a number with its extension: shows the extension and dials the number, the extension kept with the call', async () => {
    const { fake, root, type, dialButton, fixture } = await render();
    fake.replies.set(MessageType.Dial, { ok: true, data: { destination: '+14805550100', placed: true, at: 1 } });
    fake.replies.set(MessageType.GetCall, { ok: true, data: null });
    await type('(480) 555-0100 ext. 234');
    expect(root.querySelector('#destination-preview')?.textContent).toContain('+1 480 555 0100');
    expect(root.querySelector('#destination-preview')?.textContent).toContain('ext. 234');
    dialButton.click();
    await settle(fixture);
    expect(fake.sent.filter((message) => message.type === MessageType.Dial).at(-1)).toEqual({
      type: MessageType.Dial,
      destination: '+14805550100',
      source: 'popup',
      extension: '234',
    });
  });

  it('shows a PBX error from a failed dial in its own words, not the Worker’s', async () => {
    const { fake, root, type, dialButton, fixture } = await render();
    fake.replies.set(MessageType.Dial, { ok: false, error: { code: 'upstream_error', message: 'The PBX refused the call.' } });
    await type('212 555 0123');
    dialButton.click();
    await settle(fixture);
    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('Your phone system didn’t complete the request.');
    expect(alert).not.toContain('The PBX refused the call.');
  });

  it('shows a handler that failed in the background (internal_error) as a problem in words, never waiting', async () => {
    const { fake, root, type, dialButton, fixture } = await render();
    fake.replies.set(MessageType.Dial, { ok: false, error: { code: 'internal_error', message: 'Handler failed' } });
    await type('212 555 0123');
    dialButton.click();
    await settle(fixture);
    expect(fake.sent.some((message) => message.type === MessageType.Dial)).toBeTrue();
    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('Something went wrong. Try again in a moment.');
    expect(alert).not.toContain('Handler failed');
  });

  it('reloads the state when a dial finds the session expired', async () => {
    const { fake, type, dialButton, fixture } = await render();
    fake.replies.set(MessageType.Dial, { ok: false, error: { code: 'session_expired', message: 'x' } });
    fake.replies.set(MessageType.GetState, { ok: true, data: SIGNED_OUT });
    fake.replies.set(MessageType.RefreshState, { ok: true, data: SIGNED_OUT });
    await type('212 555 0123');
    dialButton.click();
    await settle(fixture);
    const afterDial = fake.sent.slice(fake.sent.findIndex((message) => message.type === MessageType.Dial));
    expect(afterDial.map((message) => message.type)).toContain(MessageType.GetState);
    expect(TestBed.inject(PopupStore).signedIn()).toBeFalse();
  });

  it('lists the devices and remembers the one chosen', async () => {
    const { fake, root, fixture } = await render();
    const select = root.querySelector<HTMLSelectElement>('#device')!;
    expect([...select.options].map((option) => option.textContent?.trim())).toEqual(['All my phones', 'Desk phone']);
    fake.replies.set(MessageType.UpdateSettings, { ok: true, data: SIGNED_IN });
    enter(select, '1001-desk');
    await settle(fixture);
    expect(fake.sent.filter((message) => message.type === MessageType.UpdateSettings)).toEqual([
      { type: MessageType.UpdateSettings, settings: { originationDeviceId: '1001-desk' } },
    ]);
  });

  it('warns in words why the phone may not ring, asks again when another phone is chosen, and still dials ("Dial anyway")', async () => {
    const { fake, root, fixture, dialButton } = await render();
    expect(root.querySelector('#device-warning')?.textContent?.trim()).toBe('');
    expect(dialButton.textContent).not.toContain('Dial anyway');
    fake.replies.set(MessageType.UpdateSettings, { ok: true, data: SIGNED_IN });
    fake.replies.set(MessageType.GetFirstLeg, {
      ok: true,
      data: [
        { code: 'forwarded', to: '18005551234' },
        { code: 'phone_offline', device: '1001-desk', label: 'Desk phone' },
      ],
    });
    enter(root.querySelector<HTMLSelectElement>('#device')!, '1001-desk');
    await settle(fixture);
    await settle(fixture);
    const types = fake.sent.map((message) => message.type);
    expect(types.lastIndexOf(MessageType.GetFirstLeg)).toBeGreaterThan(types.indexOf(MessageType.UpdateSettings));
    expect(root.querySelector('#device-warning')?.textContent?.trim()).toBe(
      'All your calls are forwarded to 18005551234: that rings first, not your phone. Desk phone, the phone chosen to ring first, is offline: it will not ring. You can still call.',
    );
    expect(dialButton.textContent).toContain('Dial anyway');
    fake.replies.set(MessageType.GetFirstLeg, { ok: true, data: [{ code: 'no_phone_online' }] });
    enter(root.querySelector<HTMLSelectElement>('#device')!, '');
    await settle(fixture);
    await settle(fixture);
    expect(root.querySelector('#device-warning')?.textContent?.trim()).toBe('None of your phones is online: nothing will ring.');
  });

  it('lists online phones first, marks offline ones and, with the Worker unreachable, warns from the list before dialling one', async () => {
    const fake = provideFakeBackground({ ...SIGNED_IN, settings: { ...SIGNED_IN.settings, originationDeviceId: '1001-soft' } });
    fake.replies.set(MessageType.GetFirstLeg, { ok: false, error: { code: 'worker_unreachable', message: 'x' } });
    fake.replies.set(MessageType.ListDevices, {
      ok: true,
      data: [
        { id: '1001-soft', label: 'Softphone', online: false },
        { id: '1001-desk', label: 'Desk phone', online: true },
      ],
    });
    await TestBed.inject(PopupStore).load();
    const fixture = TestBed.createComponent(DialPanelComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const options = [...root.querySelectorAll('#device option')].map((option) => option.textContent?.trim());
    expect(options).toEqual(['All my phones', 'Desk phone', 'Softphone (offline)']);
    expect(root.querySelector('#device-warning')?.textContent).toContain('Softphone, the phone chosen to ring first, is offline');
    expect(root.querySelector('button[type="submit"]')?.textContent).toContain('Dial anyway');
  });
});
