/** The host name of the page the popup was opened over (readable thanks to the <all_urls> host permission). */
import { inject, Injectable } from '@angular/core';
import { siteOfUrl } from '../../../shared/src/lib/contract/site-list';
import { CHROME } from '../../../extension/chrome/chrome';

@Injectable({ providedIn: 'root' })
export class CurrentSite {
  private readonly tabs = inject(CHROME).tabs;

  /** Canonical (site-list.ts), as the background judges pauses; null for pages the content script never runs on. */
  async hostname(): Promise<string | null> {
    try {
      const [tab] = await this.tabs.query({ active: true, currentWindow: true });
      return siteOfUrl(tab?.url);
    } catch {
      return null;
    }
  }
}
