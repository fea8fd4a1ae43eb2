import { TestBed } from '@angular/core/testing';
import { provideFakeBackground, settle } from '../testing/fake-background';
import { HostAccessNoticeComponent } from './host-access-notice.component';

describe('HostAccessNoticeComponent', () => {
  async function render(granted: boolean, grantOnRequest = true) {
    const fake = provideFakeBackground();
    fake.hostAccess = { granted, grantOnRequest, requests: 0 };
    const fixture = TestBed.createComponent(HostAccessNoticeComponent);
    await settle(fixture);
    return { fake, fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('says nothing while the extension has its access to sites', async () => {
    const { root } = await render(true);
    expect(root.textContent?.trim()).toBe('');
  });

  it('tells the user when site access is withheld, and asks the browser again on a click', async () => {
    const { root, fake, fixture } = await render(false);
    expect(root.querySelector('p')?.textContent).toContain('Access to websites is off for Click-to-Dial');
    root.querySelector('button')?.click();
    await settle(fixture);
    expect(fake.hostAccess.requests).toBe(1);
    expect(root.querySelector('p')).toBeNull();
  });

  it('keeps the notice when the user refuses the browser prompt', async () => {
    const { root, fake, fixture } = await render(false, false);
    root.querySelector('button')?.click();
    await settle(fixture);
    expect(fake.hostAccess.requests).toBe(1);
    expect(root.querySelector('p')).not.toBeNull();
  });
});
