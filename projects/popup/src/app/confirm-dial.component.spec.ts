import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { provideFakeBackground, settle, type FakeBackground } from '../testing/fake-background';
import { ARM_DELAY_MS, ConfirmDialComponent } from './confirm-dial.component';
import { CONFIRMATION_TOKEN } from './confirmation-token';

describe('ConfirmDialComponent (the confirmation window)', () => {
  const token = 'c'.repeat(32);
  let fake: FakeBackground;
  let closed: boolean;

  async function render() {
    TestBed.configureTestingModule({ providers: [{ provide: CONFIRMATION_TOKEN, useValue: token }] });
    const fixture = TestBed.createComponent(ConfirmDialComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const callButton = () => [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Call');
    return { fixture, root, callButton };
  }

  const armed = () => new Promise((resolve) => setTimeout(resolve, ARM_DELAY_MS + 50));

  beforeEach(() => {
    fake = provideFakeBackground();
    fake.replies.set(MessageType.GetPendingDial, { ok: true, data: { number: '+525512345678', source: 'tel-link', site: 'crm.example.com' } });
    fake.replies.set(MessageType.ConfirmDial, { ok: true, data: { destination: '+525512345678', placed: true, at: 1 } });
    fake.replies.set(MessageType.CancelDial, { ok: true, data: null });
    closed = false;
    spyOn(window, 'close').and.callFake(() => void (closed = true));
  });

  it('shows the number as it will be dialled, its country and where it was clicked', async () => {
    const { root } = await render();
    expect(fake.sent[0]).toEqual({ type: MessageType.GetPendingDial, token });
    expect(root.querySelector('.confirm-number')?.textContent?.trim()).toBe('+52 5512345678');
    expect(root.textContent).toContain('Mexico');
    expect(root.textContent).toContain('crm.example.com');
  });

  it('shows no extension line for a number without one', async () => {
    const { root } = await render();
    expect(root.querySelector('.confirm-number')).not.toBeNull();
    expect(root.querySelector('.confirm-extension')).toBeNull();
  });

  it('shows the extension to dial once the call is answered', async () => {
    fake.replies.set(MessageType.GetPendingDial, { ok: true, data: { number: '+14805550100', source: 'tel-link', site: 'crm.example.com', extension: '234' } });
    const { root } = await render();
    expect(root.querySelector('.confirm-extension')?.textContent).toContain('Extension 234');
  });

  it('keeps Call disabled at first, so a click meant for the page cannot confirm', async () => {
    const { fixture, callButton } = await render();
    expect(callButton()?.disabled).toBeTrue();
    callButton()?.click();
    await settle(fixture);
    expect(fake.sent.map((message) => message.type)).not.toContain(MessageType.ConfirmDial);
  });

  it('once armed, focuses Call and confirms with the token', async () => {
    const { fixture, root, callButton } = await render();
    await armed();
    await settle(fixture);
    expect(callButton()?.disabled).toBeFalse();
    expect(document.activeElement).toBe(callButton() ?? null);
    callButton()?.click();
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.ConfirmDial, token });
    expect(root.textContent).toContain('Your phone is ringing');
  });

  it('cancels on Escape and closes the window', async () => {
    const { fixture } = await render();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.CancelDial, token });
    expect(closed).toBeTrue();
  });

  it('says what went wrong when the call is refused, and what to do', async () => {
    fake.replies.set(MessageType.ConfirmDial, { ok: false, error: { code: 'number_not_allowed', message: 'No.' } });
    const { fixture, root, callButton } = await render();
    await armed();
    await settle(fixture);
    callButton()?.click();
    await settle(fixture);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('premium-rate');
    expect(closed).toBeFalse();
  });

  it('says the confirmation expired for an unknown token', async () => {
    fake.replies.set(MessageType.GetPendingDial, {
      ok: false,
      error: { code: 'confirmation_expired', message: 'This call was not confirmed in time. Click the number again.' },
    });
    const { root, callButton } = await render();
    expect(callButton()).toBeUndefined();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Click the number again');
  });
});
