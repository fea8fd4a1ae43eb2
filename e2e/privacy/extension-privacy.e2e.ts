/** The extension's side of the privacy policy, in Chromium with the built extension beside a hostile second extension. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DialReplySchema, MessageType, StateReplySchema } from '@voipcom/shared';
import type { Request } from 'playwright-core';
import { DEMO_USERS } from '../../simulator/src/index';
import { writeHostileExtension } from '../fixtures/hostile-extension';
import { confirmCall, nextConfirmation } from '../support/confirmation-window';
import { EXTENSION_DIR, EXTENSION_ID, EXTENSION_ORIGIN, launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { evaluateInContentScript } from '../support/page-dialing';
import { startE2eStack, type E2eStack } from '../support/local-stack';
import { startPageServer, type PageServer } from '../support/page-server';

jest.setTimeout(120_000);

const EXTENSION_NAME = 'Voipcom Click-to-Dial';
/** Page text no request may ever carry. */
const MARKER = 'PageTextMarker-4b7e21';
const blake = DEMO_USERS.blake;

let stack: E2eStack;
let pages: PageServer;
let browser: ExtensionBrowser;
let hostileExtensionDir: string;

interface SeenRequest {
  url: string;
  method: string;
  /** Made by our service worker or one of our pages (not by a web page). */
  byExtension: boolean;
  body: string;
  text: string;
}
const seen: SeenRequest[] = [];

function record(request: Request, pending: Promise<void>[]): void {
  pending.push(
    request.allHeaders().then((headers) => {
      const frameUrl = request.serviceWorker()?.url() ?? safeFrameUrl(request);
      seen.push({
        url: request.url(),
        method: request.method(),
        byExtension: frameUrl.startsWith(EXTENSION_ORIGIN),
        body: request.postData() ?? '',
        text: `${request.url()}\n${JSON.stringify(headers)}\n${request.postData() ?? ''}`,
      });
    }),
  );
}

function safeFrameUrl(request: Request): string {
  try {
    return request.frame().url();
  } catch {
    return '';
  }
}

/** Polls a condition (every 100 ms, up to 10 s): for effects that happen outside the call that caused them. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function state() {
  const reply = StateReplySchema.parse(await browser.sendMessage({ type: MessageType.GetState }));
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data;
}

/** Everything in the extension's storage areas, as JSON. */
async function storedEverything(): Promise<{
  local: Record<string, unknown>;
  session: Record<string, unknown>;
  sync: Record<string, unknown>;
}> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(async () => {
    // The e2e typings know only part of the chrome API; these areas all have get(null).
    type Area = { get(keys: null): Promise<Record<string, unknown>> };
    const storage = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session' | 'sync', Area> } }).chrome.storage;
    return { local: await storage.local.get(null), session: await storage.session.get(null), sync: await storage.sync.get(null) };
  });
}

async function signInWithMfa(): Promise<void> {
  const withoutPasscode = StateReplySchema.parse(
    await browser.sendMessage({ type: MessageType.SignIn, username: blake.username, password: blake.password }),
  );
  expect(withoutPasscode.ok ? 'signed-in' : withoutPasscode.error.code).toBe('mfa_required');
  const signedIn = StateReplySchema.parse(
    await browser.sendMessage({
      type: MessageType.SignIn,
      username: blake.username,
      password: blake.password,
      passcode: blake.mfaPasscode,
    }),
  );
  expect(signedIn.ok && signedIn.data.status).toBe('signed-in');
}

beforeAll(async () => {
  stack = await startE2eStack();
  pages = await startPageServer();
  pages.setPage(
    '/numbers.html',
    `<!doctype html><link rel="icon" href="data:,"><title>Numbers ${MARKER}</title><p>Call our ${MARKER} desk at (480) 555-0142 or +44 20 7946 0018.</p>
     <p><a id="tel" href="tel:+14805550143">${MARKER} sales</a></p><input value="${MARKER} 480-555-0144">`,
  );
  hostileExtensionDir = writeHostileExtension();
  browser = await launchExtensionBrowser({ extraExtensionDirs: [hostileExtensionDir] });
  await browser.serviceWorker();

  // Sign-in with MFA, the device list, a dial from the popup, a tel: link click and plain browsing, all recorded.
  const pending: Promise<void>[] = [];
  const onRequest = (request: Request): void => record(request, pending);
  browser.context.on('request', onRequest);
  try {
    await signInWithMfa();
    expect(await browser.sendMessage({ type: MessageType.ListDevices })).toMatchObject({ ok: true });
    const dial = DialReplySchema.parse(await browser.sendMessage({ type: MessageType.Dial, destination: '+14805550150', source: 'popup' }));
    expect(dial.ok && dial.data.placed).toBe(true);
    const page = await browser.context.newPage();
    await page.goto(`${pages.origin}/numbers.html`);
    await page.waitForFunction(() => CSS.highlights.get('voipcom-phone')?.size === 2);
    const confirmation = nextConfirmation(browser);
    await page.locator('#tel').click();
    await confirmCall(await confirmation);
    await waitFor(() => stack.simulator.calls().length === 2, 'the tel: link call');
    await page.close();
    await state();
  } finally {
    browser.context.off('request', onRequest);
    await Promise.all(pending);
  }
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
  if (hostileExtensionDir) rmSync(hostileExtensionDir, { recursive: true, force: true });
});

test('[policy: permissions] the built manifest asks for contextMenus, storage and <all_urls> only, and opens no external door', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect([...(manifest['permissions'] as string[])].sort()).toEqual(['contextMenus', 'storage']);
  expect(manifest['host_permissions']).toEqual(['<all_urls>']);
  for (const absent of ['optional_permissions', 'optional_host_permissions', 'externally_connectable', 'web_accessible_resources']) {
    expect(manifest[absent]).toBeUndefined();
  }
});

test('[policy: permissions] the running extension holds exactly those permissions', async () => {
  const worker = await browser.serviceWorker();
  const granted = await worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ permissions?: string[]; origins?: string[] }> } } }
    ).chrome.permissions.getAll(),
  );
  expect([...(granted.permissions ?? [])].sort()).toEqual(['contextMenus', 'storage']);
  expect(granted.origins).toEqual(['<all_urls>']);
});

/** Every request of the run but the test page's own load: the service worker's, our pages', the content script's. */
function notThePageLoad(): SeenRequest[] {
  return seen.filter((request) => !(request.method === 'GET' && request.url === `${pages.origin}/numbers.html`));
}

test('[policy: the extension communicates only with the Worker] every network request the extension made went to the Worker', () => {
  // Not only requests attributed to the extension: a content script's request would look like the page's own.
  const network = notThePageLoad().filter((request) => !request.url.startsWith(`${EXTENSION_ORIGIN}/`));
  expect(network.every((request) => request.byExtension)).toBe(true);
  // Sign-in twice, devices, two dials, state checks: a recorder that missed the service worker could not pass.
  expect(network.filter((request) => request.url.startsWith(`${stack.workerUrl}/v1/`)).length).toBeGreaterThanOrEqual(5);
  expect(network.filter((request) => !request.url.startsWith(`${stack.workerUrl}/`)).map((request) => request.url)).toEqual([]);
  // And nothing but the page itself went to the page's server.
  const toPageServer = seen.filter((request) => request.url.startsWith(`${pages.origin}/`));
  expect(toPageServer.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${pages.origin}/numbers.html`]);
});

test("[policy: no page data is ever sent] no request carries the page's text, title, address or field values", () => {
  // Everything but the page's own load, content-script traffic included (it is the part that reads page text).
  const extensionTraffic = notThePageLoad()
    .map((request) => request.text)
    .join('\n');
  expect(extensionTraffic).not.toContain(MARKER);
  expect(extensionTraffic).not.toContain('numbers.html');
  expect(extensionTraffic).not.toContain('0142');
  expect(extensionTraffic).not.toContain('0144');
  // What did leave: the two numbers the user chose to dial (typed in the popup, the tel: link's), and nothing else.
  const dialled = seen
    .filter((request) => request.method === 'POST' && request.url === `${stack.workerUrl}/v1/calls`)
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
  expect(dialled.map((body) => String(body['destination']).replace(/\D/g, '').slice(-4))).toEqual(['0150', '0143']);
  dialled.forEach((body) => expect(Object.keys(body).every((key) => ['destination', 'origination'].includes(key))).toBe(true));
});

test("[policy: used solely to authenticate you] the password and passcode go only to the Worker's sign-in, once each attempt", () => {
  const carrying = seen.filter((request) => request.text.includes(blake.password));
  expect(carrying.map((request) => `${request.method} ${request.url}`)).toEqual([
    `POST ${stack.workerUrl}/v1/session`,
    `POST ${stack.workerUrl}/v1/session`,
  ]);
  expect(seen.filter((request) => request.text.includes(`"${blake.mfaPasscode}"`))).toHaveLength(1);
});

test("[policy: storage only keeps you signed in] after sign-in the extension's storage holds a session id and settings, no credential", async () => {
  const stored = await storedEverything();
  const text = JSON.stringify(stored);
  for (const secret of [blake.password, blake.mfaPasscode]) expect(text).not.toContain(secret);
  // Who is signed in is kept only for the browsing session (storage.session, memory, the extension's own contexts):
  // the popup shows it before the service worker wakes. Never on disk (local, sync).
  expect(JSON.stringify({ local: stored.local, sync: stored.sync })).not.toContain(blake.username);
  expect(Object.keys(stored.session).sort()).toEqual(['call', 'popupState'].filter((key) => key in stored.session));
  expect(Object.keys(stored.local).every((key) => ['session', 'settings', 'dismissedPolicy'].includes(key))).toBe(true);
  expect(stored.local['session']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(stored.sync).toEqual({});
  // The popup's own web storage stays empty too: nothing kept outside chrome.storage.
  const popup = await browser.openPopup();
  const webStorage = await popup.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
  }));
  await popup.close();
  expect(webStorage).toEqual({ localStorage: 0, sessionStorage: 0, indexedDB: [], caches: [] });
});

test("[policy: storage only keeps you signed in] a content script cannot read the extension's storage, so a page's renderer never holds the session id", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${pages.origin}/numbers.html`);
  // storage.local holds the session id; storage.session the pending confirmation and the followed call.
  const read = await evaluateInContentScript(
    page,
    EXTENSION_NAME,
    `Promise.all(['local', 'session'].map((area) =>
      chrome.storage[area].get(null).then((items) => area + ': ' + JSON.stringify(items), (error) => area + ' refused: ' + error.message)))`,
  );
  await page.close();
  expect(read).toEqual([
    expect.stringMatching(/^local refused: Access to storage is not allowed from this context/),
    expect.stringMatching(/^session refused: Access to storage is not allowed from this context/),
  ]);
});

test('[policy: we do not collect your browsing history] after browsing, the extension keeps no address or site it was shown', async () => {
  const stored = JSON.stringify(await storedEverything());
  for (const trace of [pages.origin, '127.0.0.1', 'numbers.html', MARKER]) expect(stored).not.toContain(trace);
});

test('[policy: sign-out clears the local session] sign-out removes the session id from storage at once and ends it at the Worker', async () => {
  const sessionId = (await storedEverything()).local['session'] as string;
  const reply = StateReplySchema.parse(await browser.sendMessage({ type: MessageType.SignOut }));
  expect(reply.ok && reply.data.status).toBe('signed-out');
  // Checked right after the reply, without waiting: "immediately".
  const stored = await storedEverything();
  expect(stored.local['session']).toBeUndefined();
  expect(JSON.stringify(stored)).not.toContain(sessionId);
  const atWorker = await fetch(`${stack.workerUrl}/v1/session`, { headers: { Authorization: `Bearer ${sessionId}` } });
  expect(atWorker.status).toBe(401);
});

describe('forged runtime messages', () => {
  beforeAll(async () => {
    await signInWithMfa();
  });

  test("[policy: place calls you have explicitly requested] a web page's own scripts cannot reach the extension's runtime", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${pages.origin}/numbers.html`);
    const reachable = await page.evaluate((id) => {
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown; id?: string } } }).chrome?.runtime;
      return { sendMessage: typeof runtime?.sendMessage, connect: typeof runtime?.connect, ownId: runtime?.id === id };
    }, EXTENSION_ID);
    await page.close();
    expect(reachable).toEqual({ sendMessage: 'undefined', connect: 'undefined', ownId: false });
  });

  test('[policy: place calls you have explicitly requested] another extension cannot sign us out or dial through us', async () => {
    const hostile = browser.context.serviceWorkers().find((worker) => !worker.url().startsWith(EXTENSION_ORIGIN));
    if (hostile === undefined) throw new Error('the hostile test extension did not start');
    const callsBefore = stack.simulator.calls().length;
    const sessionBefore = (await storedEverything()).local['session'];
    expect(sessionBefore).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const forged = [
      { type: MessageType.SignOut },
      { type: MessageType.Dial, destination: '+19005550100', source: 'popup' },
      { type: MessageType.Dial, destination: '+19005550101', source: 'tel-link' },
      { type: MessageType.AskToDial, number: '+19005550102', source: 'tel-link' },
      { type: MessageType.ConfirmDial, token: '0'.repeat(32) },
      { type: MessageType.GetState },
    ];
    for (const message of forged) {
      const outcome = await hostile.evaluate(
        ([id, sent]) =>
          (
            self as unknown as { sendForged(id: string, message: object): Promise<{ delivered: boolean; reply?: unknown; error?: string }> }
          ).sendForged(id, sent),
        [EXTENSION_ID, message] as const,
      );
      // Rejected: nobody listens for other extensions' messages (or, were one added, the sender check refuses them).
      const refused = outcome.delivered
        ? JSON.stringify(outcome.reply).includes('forbidden_sender')
        : /Receiving end does not exist/.test(outcome.error ?? '');
      expect({ message, refused }).toEqual({ message, refused: true });
    }
    expect((await storedEverything()).local['session']).toBe(sessionBefore);
    expect((await state()).status).toBe('signed-in');
    expect(stack.simulator.calls().length).toBe(callsBefore);
  });
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
