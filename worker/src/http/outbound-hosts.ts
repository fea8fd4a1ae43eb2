/**
 * Where the Worker may send requests besides NS_API_BASE (the Voipcom NetSapiens API): Cloudflare's own services,
 * the "edge" the privacy policy names (scripts/lib/policy-clauses.ts states this reading). Loopback only for tests.
 */

/** Cloudflare's API (the Analytics Engine SQL API) and Cloudflare Access team domains. */
export function isCloudflareService(url: URL): boolean {
  return url.protocol === 'https:' && (url.hostname === 'api.cloudflare.com' || url.hostname.endsWith('.cloudflareaccess.com'));
}

/** A local stand-in started by a test. */
export function isLoopback(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}
