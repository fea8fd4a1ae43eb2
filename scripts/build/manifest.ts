/** Turns the manifest template into the built manifest for one Worker origin. */

/** Hosts that never leave the machine: a plain-http Worker there is the local development stack. */
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * The origin of the Worker base URL. The policy sends credentials "over TLS": only https: is accepted, and http:
 * only for a loopback Worker (npm start, the tests).
 */
export function workerOrigin(workerUrl: string): string {
  const url = new URL(workerUrl);
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new Error(`WORKER_URL must be an https: URL (http: only for a loopback Worker), got ${workerUrl}`);
  }
  return url.origin;
}

/**
 * Fills the CSP connect-src placeholder and the version (package.json's, the one place it is kept); the result must
 * still be valid JSON with no placeholder left.
 */
export function renderManifest(template: string, origin: string, version: string): string {
  if (!/^\d+(\.\d+){0,3}$/.test(version)) throw new Error(`the version must be 1 to 4 dot-separated integers, got ${version}`);
  const rendered = template.replaceAll('__WORKER_ORIGIN__', origin).replaceAll('__VERSION__', version);
  const manifest: unknown = JSON.parse(rendered);
  if (/__(WORKER_ORIGIN|VERSION)__/.test(rendered) || typeof manifest !== 'object' || manifest === null) {
    throw new Error('manifest template did not render');
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
