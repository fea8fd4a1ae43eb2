import { TestBed } from '@angular/core/testing';
import { MessageType, type CallProgress } from '@voipcom/shared';
import { provideFakeBackground, settle, SIGNED_IN } from '../testing/fake-background';
import { callDuration, CallPanelComponent } from './call-panel.component';
import { PopupStore } from './popup-store';

describe('CallPanelComponent', () => {
  const base: CallProgress = {
    callId: 'call-0123456789abcdefghij',
    destination: '+12125550123',
    state: 'ringing_you',
    startedAt: Date.now(),
  };

  async function render(call: CallProgress) {
    const fake = provideFakeBackground({ ...SIGNED_IN, call });
    fake.replies.set(MessageType.GetCall, () => ({ ok: true, data: call }));
    fake.replies.set(MessageType.EndCall, { ok: true, data: { ...call, state: 'ended', endedAt: Date.now() } });
    await TestBed.inject(PopupStore).load();
    const fixture = TestBed.createComponent(CallPanelComponent);
    await settle(fixture);
    return { fake, fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('says each state in words, in a polite live region', async () => {
    const states: [CallProgress['state'], string][] = [
      ['ringing_you', 'Your phone is ringing'],
      ['ringing_them', 'Calling +1 212 555 0123'],
      ['connected', 'Connected to +1 212 555 0123'],
      ['failed', 'did not go through'],
    ];
    for (const [state, words] of states) {
      TestBed.resetTestingModule();
      const { root } = await render({ ...base, state, answeredAt: Date.now() - 65_000 });
      const live = root.querySelector('[aria-live="polite"]');
      expect(live?.textContent).toContain(words);
    }
  });

  it('offers Cancel while ringing and Hang up once connected, with a timer', async () => {
    const ringing = await render(base);
    expect(ringing.root.querySelector('button')?.textContent?.trim()).toBe('Cancel call');
    TestBed.resetTestingModule();
    const connected = await render({ ...base, state: 'connected', answeredAt: Date.now() - 125_000 });
    expect(connected.root.querySelector('button')?.textContent?.trim()).toBe('Hang up');
    expect(connected.root.querySelector('.call-timer')?.textContent?.trim()).toMatch(/^2:0[5-6]$/);
  });

  it('ends the call with the button, and then shows the outcome without a button', async () => {
    const { fake, fixture, root } = await render({ ...base, state: 'connected', answeredAt: Date.now() - 5_000 });
    root.querySelector('button')?.click();
    await settle(fixture);
    expect(fake.sent.map((message) => message.type)).toContain(MessageType.EndCall);
    expect(root.textContent).toContain('ended');
    expect(root.querySelector('button')).toBeNull();
  });

  it('shows the number as the confirmation window does, spaced', async () => {
    const { root } = await render({ ...base, state: 'ringing_them' });
    expect(root.querySelector('.call-state')?.textContent).toContain('Calling +1 212 555 0123');
  });

  it('says why a call failed, one text per reason code of the Worker', async () => {
    const reasons: [NonNullable<CallProgress['reasonCode']>, string][] = [
      ['busy', 'The number you called is busy.'],
      ['no_answer', 'Nobody answered.'],
      ['declined', 'The call was declined.'],
      ['own_phone_offline', 'Your phone is offline, so it could not ring.'],
      ['own_phone_no_answer', 'Your phone rang but was not answered.'],
      ['own_phone_dnd', 'Do not disturb is on, so your phone did not ring.'],
      ['pbx_refused', 'The phone system refused to place the call.'],
    ];
    for (const [reasonCode, words] of reasons) {
      TestBed.resetTestingModule();
      const { root } = await render({ ...base, state: 'failed', reasonCode, endedAt: Date.now() });
      expect(root.querySelector('.call-state')?.textContent).toContain(words);
      expect(root.querySelector('.call-state')?.textContent).not.toContain('The line may be busy');
    }
  });

  it('once connected, says which extension to dial and copies it', async () => {
    const ringing = await render({ ...base, extension: '234' });
    expect(ringing.root.textContent).not.toContain('Then dial');
    TestBed.resetTestingModule();
    const { root, fixture } = await render({ ...base, state: 'connected', answeredAt: Date.now(), extension: '234' });
    expect(root.querySelector('.call-extension')?.textContent?.trim()).toBe('Then dial 234');
    const copied: string[] = [];
    spyOn(navigator.clipboard, 'writeText').and.callFake(async (text: string) => void copied.push(text));
    const copy = [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Copy');
    copy?.click();
    await settle(fixture);
    expect(copied).toEqual(['234']);
    expect(copy?.textContent?.trim()).toBe('Copied');
  });

  it('formats durations', () => {
    expect([callDuration(0, 'en'), callDuration(65_000, 'en'), callDuration(3_725_000, 'en')]).toEqual(['0:00', '1:05', '1:02:05']);
  });
});
