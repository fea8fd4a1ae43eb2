/** The scanner marks numbers in visible page text only, follows page changes, and never touches the DOM. */
import { HIGHLIGHT_NAME, NumberHighlights } from '../highlights/number-highlights';
import { createElement, pageFixture, waitFor } from '../testing/page-fixture';
import { PageScanner } from './page-scanner';

describe('PageScanner', () => {
  let container: HTMLElement;
  let highlights: NumberHighlights;
  let scanner: PageScanner;

  /** The numbers marked inside the fixture, as written. */
  function markedTexts(): string[] {
    const registered = CSS.highlights.get(HIGHLIGHT_NAME);
    const ranges = registered === undefined ? [] : [...registered.keys()];
    return ranges
      .filter((range) => container.contains(range.startContainer))
      .map((range) => (range.startContainer as Text).data.slice(range.startOffset, range.endOffset))
      .sort();
  }

  async function scanned(): Promise<void> {
    // Mutation records arrive in a microtask after the change: let them in before asking whether work remains.
    await Promise.resolve();
    await waitFor(() => scanner.idle, 'the scanner to catch up');
  }

  function start(): void {
    highlights = new NumberHighlights(document);
    scanner = new PageScanner(document, highlights, 'US');
    scanner.start();
  }

  afterEach(() => {
    scanner.stop();
    highlights.dispose();
    container.remove();
  });

  it('marks numbers in visible text and nothing in fields, code, links, editable or hidden content', async () => {
    container = pageFixture((root, element) =>
      root.append(
        element('p', {}, 'Call (310) 555-0142 or ', element('b', {}, '+44 20 7946 0123'), '.'),
        element('code', {}, '646-555-0173'),
        element('pre', {}, '646-555-0174'),
        element('textarea', {}, '646-555-0175'),
        element('a', { href: '/contact' }, '646-555-0176'),
        element('div', { contenteditable: 'true' }, element('span', {}, '646-555-0177')),
        element('div', { style: 'display: none' }, '646-555-0178'),
        element('div', { hidden: '' }, '646-555-0179'),
        element('p', {}, 'Released 2025-01-07, version 3.125.550.147'),
      ),
    );
    start();
    await scanned();
    expect(markedTexts()).toEqual(['(310) 555-0142', '+44 20 7946 0123']);
  });

  it('[policy: does not modify any page beyond highlighting detected phone numbers] same markup and style sheets; the one adopted sheet styles only ::highlight', async () => {
    container = pageFixture((root, element) => root.append(element('p', { class: 'x' }, 'Call 747-555-0116 now')));
    const before = document.documentElement.outerHTML;
    const sheetsBefore = [...document.adoptedStyleSheets];
    const styleSheetsBefore = document.styleSheets.length;
    start();
    await scanned();
    expect(markedTexts()).toEqual(['747-555-0116']);
    expect(document.documentElement.outerHTML).toBe(before);
    expect(document.styleSheets.length).toBe(styleSheetsBefore);
    // outerHTML cannot see adopted sheets: compare them, and read what the added one styles.
    const added = document.adoptedStyleSheets.filter((sheet) => !sheetsBefore.includes(sheet));
    expect(document.adoptedStyleSheets.slice(0, sheetsBefore.length)).toEqual(sheetsBefore);
    expect(added.length).toBe(1);
    const selectors = [...(added[0]?.cssRules ?? [])].map((rule) => (rule as CSSStyleRule).selectorText);
    expect(selectors).toEqual(['::highlight(voipcom-phone)']);
  });

  it('adopts its style sheet only once a number is found, and removes it when disposed', async () => {
    container = pageFixture((root, element) => root.append(element('p', { id: 'text' }, 'No number in this text')));
    const sheets = document.adoptedStyleSheets.length;
    start();
    await scanned();
    expect(document.adoptedStyleSheets.length).toBe(sheets);
    (container.querySelector('#text')?.firstChild as Text).data = 'Call 747-555-0116';
    await scanned();
    expect(document.adoptedStyleSheets.length).toBe(sheets + 1);
    highlights.dispose();
    expect(document.adoptedStyleSheets.length).toBe(sheets);
  });

  it('marks numbers added, changed and revealed later, and drops marks of removed text', async () => {
    container = pageFixture((root, element) =>
      root.append(element('p', { id: 'changing' }, 'No number yet'), element('p', { id: 'gone' }, '530-555-0127')),
    );
    start();
    await scanned();
    expect(markedTexts()).toEqual(['530-555-0127']);

    const hidden = createElement('div', { style: 'display: none' }, '919-555-0144');
    container.append(createElement('p', {}, 'Added 704-555-0133'), hidden);
    (container.querySelector('#changing')?.firstChild as Text).data = 'Now 412 555-0181';
    container.querySelector('#gone')?.remove();
    await scanned();
    expect(markedTexts()).toEqual(['412 555-0181', '704-555-0133']);

    hidden.style.display = 'block';
    await scanned();
    expect(markedTexts()).toEqual(['412 555-0181', '704-555-0133', '919-555-0144']);
  });

  it('unmarks text that becomes editable', async () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Call 858-555-0158')));
    start();
    await scanned();
    container.setAttribute('contenteditable', 'true');
    await scanned();
    expect(markedTexts()).toEqual([]);
  });

  it('works in chunks: with no idle time left, one idle callback scans only part of the page', async () => {
    container = pageFixture((root, element) => {
      for (let index = 0; index < 50; index++) root.append(element('p', {}, `Line ${index}: 310-555-01${10 + index}`));
    });
    const callbacks: IdleRequestCallback[] = [];
    spyOn(window, 'requestIdleCallback').and.callFake((callback: IdleRequestCallback) => callbacks.push(callback));
    start();
    const exhausted: IdleDeadline = { didTimeout: false, timeRemaining: () => 0 };
    callbacks.shift()?.(exhausted);
    expect(markedTexts().length).toBeLessThan(50);
    expect(callbacks.length).withContext('the rest is left for the next idle period').toBe(1);
    let chunks = 1;
    for (; callbacks.length > 0; chunks++) callbacks.shift()?.(exhausted);
    expect(markedTexts().length).toBe(50);
    expect(chunks).toBeGreaterThan(50);
  });

  it('stops cleanly: no more scanning, and disposing removes the highlight registration', async () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Call 651-555-0162')));
    start();
    await scanned();
    scanner.stop();
    container.append(createElement('p', {}, 'Later 651-555-0163'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(markedTexts()).toEqual(['651-555-0162']);
    highlights.dispose();
    expect(CSS.highlights.has(HIGHLIGHT_NAME)).toBeFalse();
  });
});
