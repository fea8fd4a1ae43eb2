import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { enter, provideFakeBackground, settle, SIGNED_IN, SIGNED_OUT } from '../testing/fake-background';
import { AppComponent } from './app.component';

describe('AppComponent', () => {
  async function render(state = SIGNED_OUT) {
    const fake = provideFakeBackground(state);
    const fixture = TestBed.createComponent(AppComponent);
    await settle(fixture);
    return { fake, fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('asks the background for the state when it opens', async () => {
    const { fake } = await render();
    expect(fake.sent[0]).toEqual({ type: MessageType.GetState });
  });

  it('draws the state the background mirrored before the background answers, and then asks the Worker', async () => {
    const fake = provideFakeBackground(SIGNED_IN);
    fake.known = SIGNED_IN;
    fake.replies.set(MessageType.GetState, () => new Promise(() => undefined)); // a service worker still waking
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('#destination')).not.toBeNull();
    expect(root.textContent).not.toContain('Checking your sign-in');
    // Drawn, and the background not yet woken: its service worker's start would compete with the first frame.
    expect(fake.sent).toEqual([]);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    await settle(fixture);
    // Then the state, and whether the phone will ring; nothing drawn waits for either answer.
    expect(fake.sent.map((message) => message.type)).toEqual([MessageType.GetState, MessageType.GetFirstLeg]);
  });

  it('when Voipcom cannot be reached: says so, and Try again keeps what was typed', async () => {
    const unreachable = { ...SIGNED_IN, problem: { code: 'worker_unreachable' as const, message: 'x' } };
    const fake = provideFakeBackground(SIGNED_IN);
    fake.replies.set(MessageType.RefreshState, { ok: true, data: unreachable });
    const fixture = TestBed.createComponent(AppComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const field = root.querySelector<HTMLInputElement>('#destination')!;
    enter(field, '480 555 0100');
    await settle(fixture);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Voipcom can’t be reached right now.');
    fake.replies.set(MessageType.RefreshState, { ok: true, data: SIGNED_IN });
    [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Try again')?.click();
    await settle(fixture);
    await settle(fixture);
    expect(fake.sent.filter((message) => message.type === MessageType.RefreshState).length).toBe(2);
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector<HTMLInputElement>('#destination')?.value).toBe('480 555 0100');
  });

  it('shows the sign-in form when signed out', async () => {
    const { root } = await render();
    expect(root.querySelector('vc-sign-in')).not.toBeNull();
    expect(root.querySelector('vc-dial-panel')).toBeNull();
  });

  it('shows the dial panel, the user and the device list when signed in', async () => {
    const { root, fake } = await render(SIGNED_IN);
    expect(root.querySelector('vc-dial-panel')).not.toBeNull();
    expect(root.querySelector('.who')?.textContent).toContain('Dana Whitfield');
    expect(fake.sent.map((message) => message.type)).toContain(MessageType.ListDevices);
  });

  it('sends the user back to sign-in with a message when the session expired', async () => {
    const problem = { code: 'session_expired' as const, message: 'Session expired.' };
    const { root } = await render({ ...SIGNED_OUT, problem });
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Your session expired, sign in again.');
    expect(root.querySelector('vc-sign-in')).not.toBeNull();
  });

  it('shows a policy notice and dismisses it through the background', async () => {
    const policyNotice = { effective: '2026-12-15', summary: 'Shorter retention.', url: 'https://voipcom.network/p2' };
    const { root, fake, fixture } = await render({ ...SIGNED_IN, policyNotice });
    expect(root.querySelector('vc-policy-notice')?.textContent).toContain('Shorter retention.');
    fake.replies.set(MessageType.DismissPolicyNotice, { ok: true, data: SIGNED_IN });
    const dismiss = [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Dismiss');
    dismiss?.click();
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.DismissPolicyNotice, effective: '2026-12-15' });
    expect(root.querySelector('vc-policy-notice')).toBeNull();
  });

  it('opens the settings from the labelled settings button', async () => {
    const { root, fixture } = await render(SIGNED_IN);
    root.querySelector<HTMLButtonElement>('button[aria-label="Settings"]')?.click();
    await settle(fixture);
    expect(root.querySelector('vc-settings-panel')).not.toBeNull();
  });

  it('offers to try again when the background does not answer', async () => {
    const fake = provideFakeBackground();
    fake.replies.set(MessageType.GetState, undefined);
    const fixture = TestBed.createComponent(AppComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('did not answer');
    expect([...root.querySelectorAll('button')].some((button) => button.textContent?.includes('Try again'))).toBeTrue();
  });
});
