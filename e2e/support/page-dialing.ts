/** Page-side helpers for the content script's e2e tests: highlights, placed calls, messages. */
import { StateReplySchema, type ExtensionState } from '@voipcom/shared';
import type { Frame, Page } from 'playwright-core';
import type { RecordedCall } from '../../simulator/src/index';
import { HIGHLIGHT_NAME } from '../../projects/content/src/app/highlights/number-highlights';
import type { ExtensionBrowser } from './extension-browser';
import type { E2eStack } from './local-stack';

export { HIGHLIGHT_NAME };

/** A page or one of its frames: both evaluate in the page's main world. */
export type PageFrame = Page | Frame;

/** A highlighted number as the page sees it: its text and the viewport centre of its first line box. */
export interface HighlightedNumber {
  text: string;
  x: number;
  y: number;
}

/** Polls `read` until `done` holds for its value; throws with the last value seen after `timeoutMs`. */
export async function waitUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** How many ranges the content script has in the page's highlight registry (shared by all worlds). */
export function highlightCount(frame: PageFrame): Promise<number> {
  return frame.evaluate((name) => CSS.highlights.get(name)?.size ?? 0, HIGHLIGHT_NAME);
}

/** Whether the `voipcom-phone` highlight is registered at all. */
export function highlightRegistered(frame: PageFrame): Promise<boolean> {
  return frame.evaluate((name) => CSS.highlights.has(name), HIGHLIGHT_NAME);
}

/** Waits until at least `count` numbers are highlighted: also the sign that the content script is active there. */
export async function waitForHighlights(frame: PageFrame, count = 1): Promise<number> {
  return waitUntil(
    () => highlightCount(frame),
    (size) => size >= count,
    `${count} highlighted number(s)`,
  );
}

/** The highlighted numbers, read through a live Range over each StaticRange the content script registered. */
export function highlightedNumbers(frame: PageFrame): Promise<HighlightedNumber[]> {
  return frame.evaluate((name) => {
    const found: { text: string; x: number; y: number }[] = [];
    CSS.highlights.get(name)?.forEach((marked) => {
      const range = document.createRange();
      range.setStart(marked.startContainer, marked.startOffset);
      range.setEnd(marked.endContainer, marked.endOffset);
      const box = range.getClientRects()[0];
      if (box === undefined) return;
      found.push({ text: range.toString(), x: box.left + box.width / 2, y: box.top + box.height / 2 });
    });
    return found;
  }, HIGHLIGHT_NAME);
}

/** Clicks (a real, trusted mouse click) on the highlighted number written as `text`. */
export async function clickHighlightedNumber(page: Page, text: string): Promise<void> {
  const numbers = await highlightedNumbers(page);
  const number = numbers.find((candidate) => candidate.text === text);
  if (number === undefined) throw new Error(`"${text}" is not highlighted; highlighted: ${JSON.stringify(numbers)}`);
  await page.mouse.click(number.x, number.y);
}

/** Waits until the simulator has recorded `count` calls and returns them. */
export function waitForCalls(stack: E2eStack, count: number): Promise<RecordedCall[]> {
  return waitUntil(
    () => stack.simulator.calls(),
    (calls) => calls.length >= count,
    `${count} placed call(s)`,
  );
}

/** The digits the PBX was asked to ring (the Worker sends E.164 without its +). */
export function dialledNumbers(calls: readonly RecordedCall[]): string[] {
  return calls.map((call) => `+${call.request['call-term-user'].replace(/^\+/, '')}`);
}

/** Sends one runtime message from an extension page (the popup opened as a tab), as the popup itself would. */
export async function sendFromPopup(browser: ExtensionBrowser, message: object): Promise<ExtensionState> {
  const reply = StateReplySchema.parse(await browser.sendMessage(message));
  if (!reply.ok) throw new Error(`the background refused ${JSON.stringify(message)}: ${reply.error.message}`);
  return reply.data;
}

/**
 * Evaluates `expression` (awaited, returned by value) in the content script's own isolated world in the page's
 * main frame, or in a cross-origin frame (its own CDP target), found through CDP. Waiting for that world proves
 * the content script was injected.
 */
export async function evaluateInContentScript(target: PageFrame, extensionName: string, expression: string): Promise<unknown> {
  const page = 'page' in target ? target.page() : target;
  const cdp = await page.context().newCDPSession(target);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const wanted = frameTree.frame.id;
    const worlds: number[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux: unknown = context.auxData;
      const frameId = typeof aux === 'object' && aux !== null && 'frameId' in aux ? aux.frameId : undefined;
      if (context.name === extensionName && frameId === wanted) worlds.push(context.id);
    });
    await cdp.send('Runtime.enable');
    const [contextId] = await waitUntil(
      () => worlds,
      (found) => found.length > 0,
      'the content script world',
    );
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId,
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails !== undefined)
      throw new Error(`content world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    const value: unknown = result.value;
    return value;
  } finally {
    await cdp.detach();
  }
}

/**
 * Sends `message` to the background from the content script's own isolated world, and returns the reply; the round
 * trip comes after the script's own start-up request, so its answer has arrived too.
 */
export function sendAsContentScript(target: PageFrame, extensionName: string, message: object): Promise<unknown> {
  return evaluateInContentScript(target, extensionName, `chrome.runtime.sendMessage(${JSON.stringify(message)})`);
}

/** Fires the background's real listener for the dial-selection command, with the tab showing `page`. */
export async function pressDialSelectionShortcut(browser: ExtensionBrowser, page: Page): Promise<void> {
  const worker = await browser.serviceWorker();
  await worker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
    if (tab === undefined) throw new Error(`no tab shows ${url}`);
    chrome.commands.onCommand.dispatch('dial-selection', tab);
  }, page.url());
}

/** Records the titles the background gives the "Dial …" menu item from now on (until the service worker restarts). */
export async function recordMenuTitles(browser: ExtensionBrowser): Promise<() => Promise<string[]>> {
  const worker = await browser.serviceWorker();
  await worker.evaluate(() => {
    const scope = self as unknown as { menuTitles: string[] };
    const menus = chrome.contextMenus;
    const update = menus.update.bind(menus);
    scope.menuTitles = [];
    menus.update = (id, properties) => {
      scope.menuTitles.push(properties.title ?? '');
      return update(id, properties);
    };
  });
  return () => worker.evaluate(() => (self as unknown as { menuTitles: string[] }).menuTitles);
}

/** Fires the background's real context-menu listener as a click on "Dial “…”" over `selectionText` would. */
export async function dispatchContextMenuClick(browser: ExtensionBrowser, page: Page, selectionText: string): Promise<void> {
  const worker = await browser.serviceWorker();
  const info: chrome.contextMenus.OnClickData = {
    menuItemId: 'dial-selection',
    editable: false,
    pageUrl: page.url(),
    selectionText,
  };
  await worker.evaluate(
    async ({ url, clicked }) => {
      const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
      if (tab === undefined) throw new Error(`no tab shows ${url}`);
      chrome.contextMenus.onClicked.dispatch(clicked, tab);
    },
    { url: page.url(), clicked: info },
  );
}

/** Selects the whole text of the element with this id, as a user dragging over it would. */
export function selectElementText(page: Page, id: string): Promise<void> {
  return page.evaluate((elementId) => {
    const element = document.getElementById(elementId);
    if (element === null) throw new Error(`no #${elementId}`);
    window.getSelection()?.selectAllChildren(element);
  }, id);
}
