/**
 * Numbers a page offers (a tel: link, a highlighted number) are dialled only after the user confirms them in the
 * extension's own window: a surface no page can see, cover, restyle, move or click.
 */
import { inject, Injectable } from '@angular/core';
import {
  ConfirmationTokenSchema,
  err,
  ok,
  PendingDialSchema,
  type DialOutcome,
  type MessageError,
  type PageDialSource,
  type PendingDial,
  type Result,
} from '@voipcom/shared';
import * as z from 'zod/mini';
import { DialService } from './dial-service';
import { ExtensionStore } from './extension-store';
import { CHROME } from '../../../extension/chrome/chrome';
import { NOW } from './platform';
import { NOT_SIGNED_IN } from './session-service';
import { SettingsService } from './settings-service';
import { topLevelSite } from './tab-site';

/** chrome.storage.session key: survives a service-worker restart while the window is open, not a browser restart. */
const PENDING_KEY = 'pendingDial';
/** How long a confirmation stays valid: long enough to read it, too short to be left lying around. */
export const CONFIRMATION_TTL_MS = 120_000;
const WINDOW_WIDTH = 400;
const WINDOW_HEIGHT = 320;

const PendingRecordSchema = z.object({
  ...PendingDialSchema.shape,
  token: ConfirmationTokenSchema,
  windowId: z.nullable(z.int()),
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
  private readonly dialer = inject(DialService);
  private readonly now = inject(NOW);
  /** Asks run one after another: a quick second click must see (and close) the first click's window. */
  private asking: Promise<unknown> = Promise.resolve();

  /** Registered synchronously at start-up: closing the window forgets its number, even after a restart. */
  init(): void {
    this.chrome.windows.onRemoved.addListener((windowId) => void this.forgetWindow(windowId));
  }

  /**
   * A content script says the user clicked `number`: open the confirmation window for it (replacing any other).
   * Judged by the tab's top-level site: a frame cannot dial where its tab is paused.
   */
  ask(number: string, source: PageDialSource, tab: chrome.tabs.Tab | undefined, extension?: string): Promise<Result<null, MessageError>> {
    const asked = this.asking.then(() => this.openConfirmation(number, source, tab, extension));
    this.asking = asked.catch(() => undefined);
    return asked;
  }

  private async openConfirmation(
    number: string,
    source: PageDialSource,
    tab: chrome.tabs.Tab | undefined,
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
    // Stored before the window opens: its first request may arrive before windows.create() resolves.
    await this.write({ token, number, source, site, extension, windowId: null, expiresAt: this.now() + CONFIRMATION_TTL_MS });
    const window = await this.chrome.windows.create({
      url: this.chrome.runtime.getURL(`popup.html?confirm=${token}`),
      type: 'popup',
      focused: true,
      width: WINDOW_WIDTH,
      height: WINDOW_HEIGHT,
      ...(await this.placement(tab)),
    });
    const pending = await this.read();
    if (pending?.token === token) await this.write({ ...pending, windowId: window?.id ?? null });
    return ok(null);
  }

  /** What the window shows; an unknown or expired token is an error, never another number. */
  async pending(token: string): Promise<Result<PendingDial, MessageError>> {
    const pending = await this.valid(token);
    if (pending === null) return err(CONFIRMATION_EXPIRED);
    const { number, source, site, extension } = pending;
    return ok({ number, source, site, ...(extension && { extension }) });
  }

  /** The user confirmed: the number is used once, then dialled. */
  async confirm(token: string): Promise<Result<DialOutcome, MessageError>> {
    const pending = await this.valid(token);
    if (pending === null) return err(CONFIRMATION_EXPIRED);
    await this.chrome.storage.session.remove(PENDING_KEY);
    return this.dialer.dial(pending.number, pending.extension);
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

  /** Centred over the top of the browser window the number was clicked in; the browser's default otherwise. */
  private async placement(tab: chrome.tabs.Tab | undefined): Promise<{ left?: number; top?: number }> {
    if (tab === undefined) return {};
    try {
      const { left, top, width } = await this.chrome.windows.get(tab.windowId);
      if (left === undefined || top === undefined || width === undefined) return {};
      return { left: Math.round(left + Math.max(0, width - WINDOW_WIDTH) / 2), top: top + 80 };
    } catch {
      return {};
    }
  }
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
