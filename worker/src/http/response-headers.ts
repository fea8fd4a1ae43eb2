/** Security headers on every answer, and CORS for the configured origins only (no wildcard). */

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Frame-Options': 'DENY',
};

const CORS_METHODS = 'GET, POST, DELETE, OPTIONS';
const CORS_HEADERS = 'Authorization, Content-Type';

/**
 * In ALLOWED_ORIGINS: the Firefox package, whatever install. Firefox gives each install of an add-on its own random
 * moz-extension UUID (the add-on id is stable, the origin is not), and sends it as Origin on the extension's POSTs,
 * so this entry admits every add-on's origin, ours or not; listing exact `moz-extension://<uuid>` entries instead
 * admits those installs only.
 */
export const ANY_FIREFOX_INSTALL = 'moz-extension://*';
const FIREFOX_INSTALL_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The entry `moz-extension://*` admits install origins, never a request whose Origin is that text itself. */
function listed(origin: string, allowed: ReadonlySet<string>): boolean {
  if (FIREFOX_INSTALL_ORIGIN.test(origin)) return allowed.has(origin) || allowed.has(ANY_FIREFOX_INSTALL);
  return origin !== ANY_FIREFOX_INSTALL && allowed.has(origin);
}

/** Whether a request's Origin may use the API: no Origin (not a browser page) or an allowed one. */
export function originAllowed(origin: string | null, allowed: ReadonlySet<string>): boolean {
  return origin === null || listed(origin, allowed);
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightResponse(origin: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': CORS_METHODS,
      'Access-Control-Allow-Headers': CORS_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    },
  });
}

/** Copies the response with security headers, and CORS headers when the origin is allowed. */
export function finalizeResponse(response: Response, origin: string | null, allowed: ReadonlySet<string> | null): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  // Answers differ by Origin (CORS headers, 403), so caches must key on it.
  if (!/\bOrigin\b/i.test(headers.get('Vary') ?? '')) headers.append('Vary', 'Origin');
  if (origin !== null && allowed !== null && listed(origin, allowed)) {
    headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Expose-Headers', 'Retry-After');
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
