/** The site a tab shows at its top level: pause and highlighting are decided by it, for every frame of the tab. */

/** The host name of a tab's top-level http(s) URL, lower-cased; null for other pages (chrome://, files, none). */
export function topLevelSite(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
