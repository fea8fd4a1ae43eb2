import { TestBed } from '@angular/core/testing';
import { MessageType } from '@voipcom/shared';
import { enter, provideFakeBackground, settle, SIGNED_IN, SIGNED_OUT } from '../testing/fake-background';
import { PopupStore } from './popup-store';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  async function render(state = SIGNED_OUT) {
    const fake = provideFakeBackground(state);
    await TestBed.inject(PopupStore).load();
    const fixture = TestBed.createComponent(SignInComponent);
    await settle(fixture);
    const root = fixture.nativeElement as HTMLElement;
    const byLabel = (text: string) => {
      const label = [...root.querySelectorAll('label')].find((element) => element.textContent?.trim() === text);
      return root.querySelector<HTMLInputElement>(`#${label?.htmlFor}`);
    };
    const submit = async (username = '1001@acme', password = 'secret') => {
      enter(byLabel('Username')!, username);
      enter(byLabel('Password')!, password);
      await settle(fixture);
      root.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      await settle(fixture);
    };
    return { fake, fixture, root, byLabel, submit };
  }

  it('labels every field and keeps Sign in disabled until both are filled', async () => {
    const { root, byLabel } = await render();
    expect(byLabel('Username')).not.toBeNull();
    expect(byLabel('Password')?.type).toBe('password');
    expect(root.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBeTrue();
  });

  it('says where the password goes and links the privacy policy the Worker names', async () => {
    const policyUrl = 'https://voipcom.network/click-to-dial/privacy';
    const { root } = await render({ ...SIGNED_OUT, policyUrl });
    expect(root.textContent).toContain('Your password goes only to Voipcom’s sign-in service and is not stored.');
    expect(root.querySelector('a')?.getAttribute('href')).toBe(policyUrl);
  });

  it('shows no policy link before the Worker named one (offline)', async () => {
    const { root } = await render();
    expect(root.querySelector('a')).toBeNull();
  });

  it('sends the credentials to the background', async () => {
    const { fake, submit } = await render();
    fake.replies.set(MessageType.SignIn, { ok: true, data: SIGNED_IN });
    await submit();
    expect(fake.sent).toContain({ type: MessageType.SignIn, username: '1001@acme', password: 'secret' });
  });

  it('says so when the password is wrong', async () => {
    const { fake, root, submit } = await render();
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'invalid_credentials', message: 'x' } });
    await submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Wrong username or password.');
  });

  it('asks for a passcode when the account needs one, then sends it', async () => {
    const { fake, fixture, byLabel, submit, root } = await render();
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'mfa_required', message: 'x' } });
    await submit();
    const passcode = byLabel('Passcode');
    expect(passcode).not.toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    enter(passcode!, '246810');
    await settle(fixture);
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'invalid_credentials', message: 'x' } });
    root.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await settle(fixture);
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.SignIn, username: '1001@acme', password: 'secret', passcode: '246810' });
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('That passcode isn’t right');
  });

  it('tells how long to wait when sign-ins are rate limited', async () => {
    const { fake, root, submit } = await render();
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'rate_limited', message: 'x', retryAfter: 42 } });
    await submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Try again in 42 seconds.');
  });

  it('explains offline and unreachable', async () => {
    const { fake, root, submit } = await render();
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'offline', message: 'x' } });
    await submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('offline');
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'worker_unreachable', message: 'x' } });
    await submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('can’t be reached');
  });

  it('completes a bare extension with the organisation’s username domain, and says so', async () => {
    const { fake, root, byLabel, submit } = await render({ ...SIGNED_OUT, managed: { inactiveSites: [], usernameDomain: 'acme' } });
    expect(byLabel('Username')?.placeholder).toBe('1001');
    expect(root.querySelector('#username-hint')?.textContent).toContain('your organisation adds @acme');
    // Refused, so the form stays and the last message sent is the sign-in.
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'invalid_credentials', message: 'x' } });
    await submit('1001', 'secret');
    expect(root.querySelector('#username-hint')?.textContent?.trim()).toBe('You’ll sign in as 1001@acme.');
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.SignIn, username: '1001@acme', password: 'secret' });
    // A full username is the user's to choose: it is sent as typed.
    await submit('2002@other', 'secret');
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.SignIn, username: '2002@other', password: 'secret' });
  });

  it('without an organisation domain, the username is sent as typed and no hint is shown', async () => {
    const { fake, root, byLabel, submit } = await render();
    expect(byLabel('Username')?.placeholder).toBe('1001@yourcompany');
    fake.replies.set(MessageType.SignIn, { ok: false, error: { code: 'invalid_credentials', message: 'x' } });
    await submit('1001', 'secret');
    expect(root.querySelector('#username-hint')).toBeNull();
    expect(fake.sent.at(-1)).toEqual({ type: MessageType.SignIn, username: '1001', password: 'secret' });
  });
});
