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
  selector: 'vc-site-access',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TextPipe],
  template: `
    @if (withheld()) {
      <p class="notice">
        {{ 'siteAccessOff' | text }}
        <button type="button" class="btn btn-small" (click)="ask()">{{ 'allowSites' | text }}</button>
      </p>
    }
  `,
})
export class HostAccessNoticeComponent {
  private readonly permissions = inject(CHROME).permissions;
  protected readonly withheld = signal(false);

  private readonly show = (granted: boolean): void => this.withheld.set(!granted);

  constructor() {
    void this.permissions.contains(ALL_SITES).then(this.show);
  }

  /** The browser shows its own prompt; a refusal leaves the notice up. */
  protected ask(): void {
    void this.permissions.request(ALL_SITES).then(this.show);
  }
}
