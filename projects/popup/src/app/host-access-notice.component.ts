/**
 * The notice shown while the user withholds the extension's access to sites (Firefox's add-ons manager, Chrome's
 * site access menu): the content script does not run on pages then, so tel: links and numbers are left alone.
 * The button asks the browser for the access again (only a click in the popup may ask).
 */
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { CHROME } from '../../../extension/chrome/chrome';
import { TextPipe } from './texts';

/** The host permission the manifest asks for; its content script matches the same. */
export const ALL_SITES: chrome.permissions.Permissions = { origins: ['<all_urls>'] };

@Component({
  selector: 'vc-host-access-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TextPipe],
  template: `
    @if (withheld()) {
      <section class="notice" aria-labelledby="host-access-title">
        <h2 id="host-access-title" class="notice-title">{{ 'hostAccessWithheldTitle' | text }}</h2>
        <p class="notice-text">{{ 'hostAccessWithheldText' | text }}</p>
        <div class="notice-actions">
          <button type="button" class="btn btn-secondary btn-small" (click)="ask()">{{ 'hostAccessAllow' | text }}</button>
        </div>
      </section>
    }
  `,
})
export class HostAccessNoticeComponent {
  private readonly permissions = inject(CHROME).permissions;
  protected readonly withheld = signal(false);

  constructor() {
    void this.check();
  }

  protected async ask(): Promise<void> {
    // The browser shows its own prompt; a refusal leaves the notice up.
    await this.permissions.request(ALL_SITES).catch(() => false);
    await this.check();
  }

  private async check(): Promise<void> {
    this.withheld.set(!(await this.permissions.contains(ALL_SITES).catch(() => true)));
  }
}
