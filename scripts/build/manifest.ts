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

/** The Firefox package's add-on id: stable, so policies.json, the Worker's origin rule and updates keep finding it. */
export const GECKO_ID = 'click-to-dial@voipcom.network';
/** Firefox ESR 140: the first with data_collection_permissions, and the ESR the e2e suite runs in. */
export const FIREFOX_MIN_VERSION = '140.0';

/**
 * What the privacy policy says the extension sends (Firefox's data-collection categories, shown at install):
 * credentials at sign-in (authenticationInfo), the numbers the user dials and the dial events
 * (personalCommunications), and the user's PBX account name with the IP address the edge sees
 * (personallyIdentifyingInfo). Nothing optional: no telemetry.
 */
export const FIREFOX_DATA_COLLECTION = ['authenticationInfo', 'personalCommunications', 'personallyIdentifyingInfo'] as const;

/**
 * The Chrome manifest made Firefox's, changed only where Firefox needs it: an event page (`background.scripts`)
 * beside the service worker, and `browser_specific_settings.gecko` (id, minimum version, data collection). The
 * `key` (Chrome's id) means nothing to Firefox and goes.
 */
export function firefoxManifest(chromeManifest: string): string {
  const {
    key: _chromeKey,
    background,
    ...rest
  } = JSON.parse(chromeManifest) as { key?: string; background: { service_worker: string; type?: string } };
  const manifest = {
    ...rest,
    background: { ...background, scripts: [background.service_worker] },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: [...FIREFOX_DATA_COLLECTION] },
      },
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
