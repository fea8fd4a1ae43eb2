/** The site a tab shows at its top level: pause and highlighting are decided by it, for every frame of the tab. */
import { siteOfUrl } from '@voipcom/shared';

/** The canonical host name (shared site-list.ts) of a tab's top-level http(s) URL; null for other pages (chrome://, files, none). */
export function topLevelSite(url: string | undefined): string | null {
  return siteOfUrl(url);
}
