import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { provideFakeBackground, settle, type FakeBackground } from '../testing/fake-background';
import { ARM_DELAY_MS, ConfirmDialComponent } from './confirm-dial.component';
import { CONFIRMATION_TOKEN } from './confirmation-token';

describe('ConfirmDialComponent (the confirmation window)', () => {
  const token = 'c'.repeat(32);
  const PENDING = { number: '+525512345678', source: 'tel-link', site: 'crm.example.com', frameSite: null, defaultCountry: 'US' };
  const MEXICAN = { number: '+525512345678', country: 'MX', type: 'FIXED_LINE_OR_MOBILE', valid: true, dialable: true, refusal: null };
  let fake: FakeBackground;
  let closed: boolean;

  async function render() {
    TestBed.configureTestingModule({ providers: [{ provide: CONFIRMATION_TOKEN, useValue: token }] });
    const fixture = TestBed.createComponent(ConfirmDialComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const callButton = () =>
      [...root.querySelectorAll('button')].find((button) => ['Call', 'Call anyway'].includes(button.textContent?.trim() ?? ''));
    return { fixture, root, callButton };
  }

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const confirmed = () => fake.sent.some((message) => message.type === MessageType.ConfirmDial);
  /** A press as a user makes it: its pointerdown, then the click. */
  function press(button: HTMLButtonElement | undefined): void {
    button?.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    button?.click();
  }

  beforeEach(() => {
    fake = provideFakeBackground();
    fake.replies.set(MessageType.GetPendingDial, { ok: true, data: PENDING });
    fake.replies.set(MessageType.DescribePendingDial, { ok: true, data: MEXICAN });
    fake.replies.set(MessageType.ConfirmDial, { ok: true, data: { destination: '+525512345678', placed: true, at: 1 } });
    fake.replies.set(MessageType.CancelDial, { ok: true, data: null });
    closed = false;
    spyOn(window, 'close').and.callFake(() => void (closed = true));
  });

  it('shows no extension line for a number without one', async () => {
    const { root } = await render();
    expect(root.querySelector('.confirm-number')).not.toBeNull();
    expect(root.querySelector('.confirm-extension')).toBeNull();
  });

  it('shows the extension to dial once the call is answered', async () => {
    fake.replies.set(MessageType.GetPendingDial, { ok: true, data: { ...PENDING, number: '+14805550100', extension: '234' } });
    const { root } = await render();
    expect(root.querySelector('.confirm-extension')?.textContent).toContain('Extension 234');
  });

  it('shows the number as it will be dialled, the country the Worker names, a note that the call is international, and where it came from', async () => {
    const { root, fixture } = await render();
    await settle(fixture);
    expect(fake.sent.slice(0, 3)).toEqual([
      { type: MessageType.GetPendingDial, token },
      { type: MessageType.GetFirstLeg },
      { type: MessageType.DescribePendingDial, token },
    ]);
    expect(root.querySelector('.confirm-number')?.textContent?.trim()).toBe('+52 5512345678');
    expect(root.querySelector('.confirm-origin')?.textContent?.trim()).toBe('Mexico. From a phone link on crm.example.com.');
    expect(root.querySelector('.confirm-international')?.textContent?.trim()).toBe('International call');
  });

  it('names the frame of another site a number came from, and no international note for the default country', async () => {
    fake.replies.set(MessageType.GetPendingDial, { ok: true, data: { ...PENDING, frameSite: 'ads.example', defaultCountry: 'MX' } });
    const { root, fixture } = await render();
    await settle(fixture);
    expect(root.querySelector('.confirm-origin')?.textContent?.trim()).toBe(
      'Mexico. From a phone link in a frame of ads.example (another site) on crm.example.com.',
    );
    expect(root.querySelector('.confirm-international')).toBeNull();
  });

  it('opens with Cancel focused and Call disabled: a stray press can only decline', async () => {
    const { fixture, callButton } = await render();
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    expect(callButton()?.disabled).toBeTrue();
    press(callButton());
    await settle(fixture);
    expect(confirmed()).toBeFalse();
  });

  it('arms only after the window has had no key or pointer input for the whole wait; every input starts it again', async () => {
    const { fixture, callButton } = await render();
    for (let input = 0; input < 3; input++) {
      await wait(ARM_DELAY_MS - 200);
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'o' }));
      await settle(fixture);
      expect(callButton()?.disabled).withContext(`after input ${input}`).toBeTrue();
    }
    await wait(ARM_DELAY_MS - 200);
    document.dispatchEvent(new PointerEvent('pointermove'));
    await wait(ARM_DELAY_MS - 200);
    await settle(fixture);
    expect(callButton()?.disabled).toBeTrue();
    await wait(300);
    await settle(fixture);
    expect(callButton()?.disabled).toBeFalse();
  });

  it('counts a press only when it began after Call was armed', async () => {
    const { fixture, root, callButton } = await render();
    // A pointer pressed before arming and released after: not a decision.
    callButton()?.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(callButton()?.disabled).toBeFalse();
    callButton()?.click();
    await settle(fixture);
    expect(confirmed()).toBeFalse();
    // A fresh press: the call.
    press(callButton());
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.ConfirmDial, token });
    expect(root.textContent).toContain('Your phone is ringing');
  });

  it('never counts an auto-repeated key, whatever has the focus', async () => {
    const { fixture, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    callButton()?.focus();
    const repeat = new KeyboardEvent('keydown', { key: 'Enter', repeat: true, cancelable: true });
    callButton()?.dispatchEvent(repeat);
    expect(repeat.defaultPrevented).toBeTrue();
    callButton()?.click();
    await settle(fixture);
    expect(confirmed()).toBeFalse();
  });

  it('says before Call is armed that the Worker would refuse the number, and never arms', async () => {
    const refusal = { code: 'class_not_allowed', numberClass: 'personal_number', by: 'service' };
    fake.replies.set(MessageType.DescribePendingDial, { ok: true, data: { ...MEXICAN, country: 'GB', dialable: false, refusal } });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(root.querySelector('.confirm-refusal')?.textContent).toContain('personal numbers');
    expect(callButton()?.disabled).toBeTrue();
  });

  it('says before Call is armed that the organisation refuses the number (its country named), and never arms', async () => {
    const refusal = { code: 'country_not_allowed', country: 'CU' };
    fake.replies.set(MessageType.DescribePendingDial, {
      ok: true,
      data: { ...MEXICAN, number: '+5372345678', country: 'CU', dialable: false, refusal },
    });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(root.querySelector('.confirm-refusal')?.textContent?.trim()).toBe('Your organisation does not allow calls to Cuba.');
    expect(callButton()?.disabled).toBeTrue();
  });

  it('says an invalid number cannot be dialled, and never arms', async () => {
    fake.replies.set(MessageType.DescribePendingDial, {
      ok: true,
      data: { ...MEXICAN, country: null, type: null, valid: false, dialable: false },
    });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(root.querySelector('.confirm-refusal')?.textContent?.trim()).toBe('That number can’t be dialled. Check it and try again.');
    expect(callButton()?.disabled).toBeTrue();
  });

  it('shows why the phone may not ring before Call arms, then arms it as "Call anyway"', async () => {
    let answer: (reply: unknown) => void = () => undefined;
    fake.replies.set(MessageType.GetFirstLeg, () => new Promise((resolve) => (answer = resolve)));
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    // Quiet and described, but the first leg not read yet: not armed.
    expect(callButton()?.disabled).toBeTrue();
    answer({ ok: true, data: [{ code: 'dnd' }, { code: 'forwarded', to: 'vmail_1001' }] });
    await settle(fixture);
    const warnings = [...root.querySelectorAll('.confirm-first-leg')].map((warning) => warning.textContent?.trim());
    expect(warnings).toEqual([
      'Do not disturb is on: your phone will not ring, so the call cannot start. You can still call.',
      'All your calls are forwarded to vmail_1001: that rings first, not your phone.',
    ]);
    expect(callButton()?.textContent?.trim()).toBe('Call anyway');
    expect(callButton()?.disabled).toBeFalse();
    press(callButton());
    await settle(fixture);
    expect(confirmed()).toBeTrue();
  });

  it('arms without warnings when the first leg cannot be read (the Worker unreachable)', async () => {
    fake.replies.set(MessageType.GetFirstLeg, { ok: false, error: { code: 'worker_unreachable', message: 'x' } });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(root.querySelector('.confirm-first-leg')).toBeNull();
    expect(callButton()?.textContent?.trim()).toBe('Call');
    expect(callButton()?.disabled).toBeFalse();
  });

  it('says the country is unknown when the Worker cannot be asked, and still lets the user call', async () => {
    fake.replies.set(MessageType.DescribePendingDial, { ok: false, error: { code: 'worker_unreachable', message: 'x' } });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    expect(root.querySelector('.confirm-origin')?.textContent?.trim()).toBe('Country unknown. From a phone link on crm.example.com.');
    expect(root.querySelector('.confirm-international')).toBeNull();
    expect(callButton()?.disabled).toBeFalse();
  });

  it('cancels on Escape and closes the window', async () => {
    const { fixture } = await render();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.CancelDial, token });
    expect(closed).toBeTrue();
  });

  it('says what went wrong when the call is refused at dial, and what to do', async () => {
    fake.replies.set(MessageType.ConfirmDial, { ok: false, error: { code: 'number_not_allowed', message: 'No.' } });
    const { fixture, root, callButton } = await render();
    await wait(ARM_DELAY_MS + 100);
    await settle(fixture);
    press(callButton());
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
