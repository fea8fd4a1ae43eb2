/** Turns the manifest template into the built manifest for one Worker origin. */

/** The origin of the Worker base URL; only http(s) URLs are accepted. */
export function workerOrigin(workerUrl: string): string {
  const url = new URL(workerUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`WORKER_URL must be an http(s) URL, got ${workerUrl}`);
  }
  return url.origin;
}

/** Fills the CSP connect-src placeholder; the result must still be valid JSON with no placeholder left. */
export function renderManifest(template: string, origin: string): string {
  const rendered = template.replaceAll('__WORKER_ORIGIN__', origin);
  const manifest: unknown = JSON.parse(rendered);
  if (rendered.includes('__WORKER_ORIGIN__') || typeof manifest !== 'object' || manifest === null) {
    throw new Error('manifest template did not render');
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
