/** The host name of the page the popup was opened over (readable thanks to the <all_urls> host permission). */
import { inject, Injectable } from '@angular/core';
import { CHROME } from '../../../extension/chrome/chrome';

@Injectable({ providedIn: 'root' })
export class CurrentSite {
  private readonly tabs = inject(CHROME).tabs;

  /**
   * Null for pages the content script never runs on (chrome://, the extension's own pages, no tab). The URL API
   * gives the host lower-cased and in punycode; without its trailing dot it is canonical (shared site-list.ts), as
   * the background stores and judges pauses, without the popup bundling that module.
   */
  async hostname(): Promise<string | null> {
    try {
      const [tab] = await this.tabs.query({ active: true, currentWindow: true });
      const url = new URL(tab?.url ?? '');
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.replace(/\.$/, '') : null;
    } catch {
      return null;
    }
  }
}
