/**
 * Every number from a page (a tel: link, a highlighted number, the right-click item, the shortcut) is dialled only
 * after the user confirms it in the extension's own window: a surface no page can see, cover, restyle, move or
 * click, opened where no page can compute.
 */
import { inject, Injectable } from '@angular/core';
import {
  ConfirmationTokenSchema,
  err,
  ok,
  PendingDialSchema,
  siteOfUrl,
  type ConfirmSource,
  type DialOutcome,
  type MessageError,
  type NumberDescription,
  type PendingDial,
  type Result,
} from '@voipcom/shared';
import * as z from 'zod/mini';
import { CallFeature } from './call-feature';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NOW } from './platform';
import { NOT_SIGNED_IN } from './session-service';
import { SettingsService } from './settings-service';
import { topLevelSite } from './tab-site';
import { WorkerClient } from './worker-client';

/** chrome.storage.session key: survives a service-worker restart while the window is open, not a browser restart. */
const PENDING_KEY = 'pendingDial';
/** How long a confirmation stays valid: long enough to read it, too short to be left lying around. */
export const CONFIRMATION_TTL_MS = 120_000;
const WINDOW_WIDTH = 400;
const WINDOW_HEIGHT = 320;

const PendingRecordSchema = z.object({
  ...PendingDialSchema.shape,
  token: ConfirmationTokenSchema,
  // Only compared with the ids Chrome hands us and given to windows.remove (which rejects a bad one): a number is
  // check enough, and z.int() would cost 1.4 KB of the background's budget.
  windowId: z.nullable(z.number()),
  expiresAt: z.number(),
});
type PendingRecord = z.infer<typeof PendingRecordSchema>;

const NOT_HERE: MessageError = {
  code: 'forbidden_sender',
  message: 'Click-to-Dial is paused on this site, or highlighting is off.',
  detail: 'paused_here',
};
const CONFIRMATION_EXPIRED: MessageError = {
  code: 'confirmation_expired',
  message: 'This call was not confirmed in time. Click the number again.',
};

@Injectable()
export class DialConfirmationFeature {
  private readonly chrome = inject(CHROME);
  private readonly store = inject(ExtensionStore);
  private readonly settings = inject(SettingsService);
  private readonly calls = inject(CallFeature);
  private readonly worker = inject(WorkerClient);
  private readonly now = inject(NOW);
  /** Asks run one after another: a quick second click must see (and close) the first click's window. */
  private asking: Promise<unknown> = Promise.resolve();

  /** Registered synchronously at start-up: closing the window forgets its number, even after a restart. */
  init(): void {
    this.chrome.windows.onRemoved.addListener((windowId) => void this.forgetWindow(windowId));
  }

  /**
   * The user clicked `number` (a content script says so), or chose it with the menu or the shortcut: open the
   * confirmation window for it (replacing any other). Judged by the tab's top-level site: a frame cannot dial where
   * its tab is paused. `frameUrl` is the URL of the frame it came from (Chrome's sender or click info, never the
   * page's word), shown when its site is not the tab's.
   */
  ask(
    number: string,
    source: ConfirmSource,
    tab: chrome.tabs.Tab | undefined,
    frameUrl?: string,
    extension?: string,
  ): Promise<Result<null, MessageError>> {
    const asked = this.asking.then(() => this.openConfirmation(number, source, tab, frameUrl, extension));
    this.asking = asked.catch(() => undefined);
    return asked;
  }

  private async openConfirmation(
    number: string,
    source: ConfirmSource,
    tab: chrome.tabs.Tab | undefined,
    frameUrl: string | undefined,
    extension: string | undefined,
  ): Promise<Result<null, MessageError>> {
    if (!this.store.signedIn()) return err(NOT_SIGNED_IN);
    const site = topLevelSite(tab?.url);
    const settings = this.settings.pageSettings(site);
    if (site === null || !settings.interceptTelLinks || (source === 'highlight' && !settings.highlightNumbers)) {
      return err(NOT_HERE);
    }
    await this.closeWindow(await this.read());
    const token = randomToken();
    const frame = siteOfUrl(frameUrl);
    const frameSite = frame !== null && frame !== site ? frame : null;
    const { defaultCountry } = settings;
    // Stored before the window opens: its first request may arrive before windows.create() resolves.
    await this.write({
      token,
      number,
      source,
      site,
      frameSite,
      defaultCountry,
      extension,
      windowId: null,
      expiresAt: this.now() + CONFIRMATION_TTL_MS,
    });
    const window = await this.openWindow(token, await this.placementArea(tab));
    const pending = await this.read();
    if (pending?.token === token) await this.write({ ...pending, windowId: window?.id ?? null });
    return ok(null);
  }

  /** What the window shows; an unknown or expired token is an error, never another number. */
  async pending(token: string): Promise<Result<PendingDial, MessageError>> {
    const pending = await this.valid(token);
    if (pending === null) return err(CONFIRMATION_EXPIRED);
    const { number, source, site, frameSite, defaultCountry, extension } = pending;
    return ok({ number, source, site, frameSite, defaultCountry, ...(extension && { extension }) });
  }

  /**
   * The Worker's reading of the pending number (its country, whether it would dial it), asked while Call is not yet
   * armed. Only the pending number can be asked about, and only by the window that holds its token.
   */
  async describe(token: string): Promise<Result<NumberDescription, MessageError>> {
    const pending = await this.valid(token);
    if (pending === null) return err(CONFIRMATION_EXPIRED);
    const session = this.store.session();
    if (!session) return err(NOT_SIGNED_IN);
    return this.worker.describeNumber(session, pending.number);
  }

  /** The user confirmed: the number is used once, then dialled. */
  async confirm(token: string): Promise<Result<DialOutcome, MessageError>> {
    const pending = await this.valid(token);
    if (pending === null) return err(CONFIRMATION_EXPIRED);
    await this.chrome.storage.session.remove(PENDING_KEY);
    return this.calls.dial(pending.number, pending.extension);
  }

  async cancel(token: string): Promise<Result<null, MessageError>> {
    const pending = await this.read();
    if (pending?.token === token) await this.chrome.storage.session.remove(PENDING_KEY);
    return ok(null);
  }

  private async valid(token: string): Promise<PendingRecord | null> {
    const pending = await this.read();
    if (pending === null || pending.token !== token) return null;
    if (pending.expiresAt > this.now()) return pending;
    await this.chrome.storage.session.remove(PENDING_KEY);
    return null;
  }

  private async read(): Promise<PendingRecord | null> {
    const parsed = PendingRecordSchema.safeParse((await this.chrome.storage.session.get(PENDING_KEY))[PENDING_KEY]);
    return parsed.success ? parsed.data : null;
  }

  private write(record: PendingRecord): Promise<void> {
    return this.chrome.storage.session.set({ [PENDING_KEY]: record });
  }

  private async forgetWindow(windowId: number): Promise<void> {
    const pending = await this.read();
    if (pending?.windowId === windowId) await this.chrome.storage.session.remove(PENDING_KEY);
  }

  /** One confirmation at a time: a new click replaces the window of the previous one. */
  private async closeWindow(pending: PendingRecord | null): Promise<void> {
    if (pending?.windowId === null || pending === null) return;
    await this.chrome.windows.remove(pending.windowId).catch(() => undefined);
  }

  /**
   * Chrome refuses bounds less than half on a screen, and the service worker cannot see the screens: a refused place
   * is tried again at random in half the area, nearer the browser window's corner, and only then where the browser
   * puts it (a fixed place a page could aim at, so the last resort).
   */
  private async openWindow(token: string, area: PlacementArea | null): Promise<chrome.windows.Window | undefined> {
    const create = (place: { left?: number; top?: number }) =>
      this.chrome.windows.create({
        url: this.chrome.runtime.getURL(`popup.html?confirm=${token}`),
        type: 'popup',
        focused: true,
        width: WINDOW_WIDTH,
        height: WINDOW_HEIGHT,
        ...place,
      });
    for (let share = 1; area !== null && share >= 1 / 8; share /= 2) {
      const place = {
        left: area.left + randomBelow(Math.max(1, Math.floor(area.width * share))),
        top: area.top + randomBelow(Math.max(1, Math.floor(area.height * share))),
      };
      const window = await create(place).catch(() => null);
      if (window !== null) return window;
    }
    return create({});
  }

  /**
   * Where the window's corner may go: over the browser window the number was clicked in, so no page can compute
   * where Call will be and put the user's next clicks there; unknown when that window is.
   */
  private async placementArea(tab: chrome.tabs.Tab | undefined): Promise<PlacementArea | null> {
    if (tab === undefined) return null;
    try {
      const { left, top, width, height } = await this.chrome.windows.get(tab.windowId);
      if (left === undefined || top === undefined || width === undefined || height === undefined) return null;
      return { left, top, width: Math.max(1, width - WINDOW_WIDTH), height: Math.max(1, height - WINDOW_HEIGHT) };
    } catch {
      return null;
    }
  }
}

/** The rectangle the confirmation window's top-left corner is placed in, at random. */
interface PlacementArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A uniformly random whole number from 0 to `bound` - 1 (crypto, not Math.random: a page must not predict it). */
export function randomBelow(bound: number): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % bound;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
