/**
 * The browser's own window (browser.xhtml, WebDriver BiDi's "chrome" scope, open to us through
 * `--remote-allow-system-access`): where Firefox handles extension shortcuts and shows the right-click menu, which
 * BiDi's input commands cannot reach (they dispatch into page content only, and refuse a chrome context).
 */
import type { Browser, Page } from 'puppeteer-core';
import { GECKO_ID } from '../../../scripts/build/manifest';
import { waitUntil } from './firefox-pages';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

/** The menu-item id prefix Firefox gives our add-on's items (its id with `@` and `.` made `_`). */
const OUR_MENU_ITEMS = `${GECKO_ID.replace(/[@.]/g, '_')}-menuitem-`;

function connectionOf(browser: Browser): BidiConnection {
  return (browser as unknown as { connection: BidiConnection }).connection;
}

/** Evaluates `expression` (its value must be JSON-like) in the top browser window's chrome document. */
export async function evaluateInBrowserWindow<T>(browser: Browser, expression: string): Promise<T> {
  const connection = connectionOf(browser);
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })).result as {
    contexts: { context: string; url: string }[];
  };
  const window = tree.contexts.find((context) => context.url === 'chrome://browser/content/browser.xhtml');
  if (window === undefined) throw new Error(`no browser window among ${JSON.stringify(tree.contexts)}`);
  const answer = (
    await connection.send('script.evaluate', {
      expression: `(async () => { ${expression} })()`,
      target: { context: window.context },
      awaitPromise: true,
      serializationOptions: { maxObjectDepth: 5 },
    })
  ).result as EvaluateResult;
  if (answer.type === 'exception') throw new Error(`in the browser window: ${answer.exceptionDetails?.text ?? 'an exception'}`);
  return fromRemoteValue(answer.result) as T;
}

/** A BiDi remote value (string, number, boolean, null, array) as a plain value. */
function fromRemoteValue(value: { type: string; value?: unknown } | undefined): unknown {
  if (value === undefined || value.type === 'undefined' || value.type === 'null') return null;
  if (value.type === 'array') return (value.value as { type: string; value?: unknown }[]).map(fromRemoteValue);
  return value.value;
}

/**
 * Presses Alt+Shift+`letter` as the keyboard would: the key events enter the browser window (Firefox's
 * TextInputProcessor, the path a keyboard's events take), go to the focused tab's page first, and then to the
 * window's shortcut keys, where Firefox fires the extension's command. `page` is brought to the front first.
 */
export async function pressAltShift(browser: Browser, page: Page, letter: string): Promise<void> {
  await page.bringToFront();
  const code = `Key${letter.toUpperCase()}`;
  await evaluateInBrowserWindow(
    browser,
    `const input = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
     if (!input.beginInputTransactionForTests(window)) throw new Error('no input transaction');
     const alt = new KeyboardEvent('', { key: 'Alt', code: 'AltLeft' });
     const shift = new KeyboardEvent('', { key: 'Shift', code: 'ShiftLeft' });
     const letter = new KeyboardEvent('', { key: ${JSON.stringify(letter.toUpperCase())}, code: ${JSON.stringify(code)}, keyCode: KeyboardEvent.DOM_VK_${letter.toUpperCase()} });
     input.keydown(alt); input.keydown(shift); input.keydown(letter);
     input.keyup(letter); input.keyup(shift); input.keyup(alt);
     return true;`,
  );
}

/** One item of the page's right-click menu as Firefox shows it. */
export interface MenuItem {
  id: string;
  label: string;
}

/**
 * Right-clicks `page` at (x, y) with the mouse (BiDi input: a real contextmenu event, after which Firefox opens
 * its own menu, built from what is under the pointer and selected), and answers the items our add-on put in it.
 */
export async function openContextMenu(browser: Browser, page: Page, x: number, y: number): Promise<MenuItem[]> {
  await page.bringToFront();
  await page.mouse.click(x, y, { button: 'right' });
  await waitUntil(
    () => evaluateInBrowserWindow<string>(browser, `return document.getElementById('contentAreaContextMenu').state;`),
    (state) => state === 'open',
    'the right-click menu',
  );
  const items = await evaluateInBrowserWindow<string[][]>(
    browser,
    `return [...document.getElementById('contentAreaContextMenu').querySelectorAll('menuitem, menu')]
       .filter((item) => item.id.startsWith(${JSON.stringify(OUR_MENU_ITEMS)}) && !item.hidden)
       .map((item) => [item.id, item.label]);`,
  );
  return items.map(([id = '', label = '']) => ({ id, label }));
}

/** Clicks `item` in the open right-click menu (the menu's own activation, as a mouse click on it does). */
export async function clickContextMenuItem(browser: Browser, item: MenuItem): Promise<void> {
  await evaluateInBrowserWindow(
    browser,
    `const menu = document.getElementById('contentAreaContextMenu');
     const item = document.getElementById(${JSON.stringify(item.id)});
     if (item === null || menu.state !== 'open') throw new Error('the menu item is not shown');
     menu.activateItem(item);
     return true;`,
  );
}
