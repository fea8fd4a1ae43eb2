/** Site lists (the organisation's inactive sites, the user's paused ones) and host names: a module without zod, for the popup. */

/**
 * The one form every site is compared and shown in: lower case, without a trailing dot, IDNs in punycode (the URL
 * API's own reading of a host), so `Example.COM.` and `bücher.example` match `example.com` and `xn--bcher-kva.example`.
 * Null for what is no host name (a URL API error, an empty host, a port or path given with it).
 */
export function canonicalHost(host: string): string | null {
  try {
    const { hostname, href } = new URL(`http://${host.trim()}/`);
    // Anything but a bare host (a port, a path, a query, credentials) makes the URL more than `http://<host>/`.
    const bare = hostname.replace(/\.$/, '');
    return href === `http://${hostname}/` && bare !== '' && !bare.endsWith('.') ? bare : null;
  } catch {
    return null;
  }
}

/** The canonical host of an http(s) URL (a tab's, a frame's); null for other pages (chrome://, files, none). */
export function siteOfUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? canonicalHost(parsed.hostname) : null;
  } catch {
    return null;
  }
}

/**
 * Whether `site` is one of `sites` or under one of them (crm.example.com is under example.com). Both sides must be
 * canonical (canonicalHost): sites are made so where they enter (tab URLs, the policy, the user's pauses).
 */
export function siteIsListed(site: string, sites: readonly string[]): boolean {
  return sites.some((listed) => site === listed || site.endsWith(`.${listed}`));
}
