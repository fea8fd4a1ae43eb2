/** The scanner marks numbers in visible page text only, follows page changes, and never touches the DOM. */
import { HIGHLIGHT_NAME, NumberHighlights } from '../highlights/number-highlights';
import { createElement, pageFixture, waitFor } from '../testing/page-fixture';
import { findPhoneNumbers } from '../../../../shared/src/lib/phone/find-phone-numbers';
import { BUSY_SLICE_MS, PageScanner, PIECE_CHARS, type SliceClock } from './page-scanner';

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

  it('reads the parent only of text where a number was found (each node it reads costs a wrapper in its world)', async () => {
    const items = Array.from({ length: 300 }, (_, index) => createElement('span', {}, `item ${index} ok`));
    container = pageFixture((root, element) => root.append(...items, element('span', {}, 'Tel 747-555-0116')));
    const parentReads = spyOnProperty(Node.prototype, 'parentElement', 'get').and.callThrough();
    start();
    await scanned();
    // The trigger ran: all 301 nodes were read by the detector, and the one number is marked.
    expect(markedTexts()).toEqual(['747-555-0116']);
    const readFromItems = parentReads.calls.all().filter((call) => items.some((item) => item.firstChild === call.object)).length;
    expect(readFromItems).toBe(0);
    expect(parentReads.calls.count()).toBeGreaterThan(0);
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

  it('does nothing in an idle callback without time left, and catches up in timed-out (busy) callbacks', async () => {
    container = pageFixture((root, element) => {
      for (let index = 0; index < 50; index++) root.append(element('p', {}, `Line ${index}: 310-555-01${10 + index}`));
    });
    const callbacks: IdleRequestCallback[] = [];
    spyOn(window, 'requestIdleCallback').and.callFake((callback: IdleRequestCallback) => callbacks.push(callback));
    start();
    callbacks.shift()?.({ didTimeout: false, timeRemaining: () => 0 });
    expect(markedTexts()).toEqual([]);
    expect(callbacks.length).withContext('the work waits for the next callback').toBe(1);
    for (let chunks = 0; (callbacks.length > 0 || !scanner.idle) && chunks < 10_000; chunks++) {
      // Between slices the scanner may wait for a rendered frame (style is read only after one).
      if (callbacks.length === 0) await new Promise((resolve) => requestAnimationFrame(resolve));
      callbacks.shift()?.({ didTimeout: true, timeRemaining: () => 0 });
    }
    expect(markedTexts().length).toBe(50);
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

describe('PageScanner slices (fake clock)', () => {
  /** Time moves only by work: each read of the clock costs READ_MS, each detector call DETECT_MS. */
  const READ_MS = 0.05;
  const DETECT_MS = 0.9;
  const IDLE_MS = 3;

  class FakeClock implements SliceClock {
    time = 0;
    readonly callbacks: IdleRequestCallback[] = [];
    readonly frames: (() => void)[] = [];
    now(): number {
      const read = this.time;
      this.time += READ_MS;
      return read;
    }
    requestIdle(callback: IdleRequestCallback): number {
      return this.callbacks.push(callback);
    }
    cancelIdle(): void {
      this.callbacks.length = 0;
    }
    readonly tasks: (() => void)[] = [];
    requestFrame(callback: () => void): number {
      return this.frames.push(callback);
    }
    cancelFrame(): void {
      this.frames.length = 0;
    }
    requestTask(callback: () => void): number {
      return this.tasks.push(callback);
    }
    cancelTask(): void {
      this.tasks.length = 0;
    }
    hidden(): boolean {
      return false;
    }
  }

  let clock: FakeClock;
  let container: HTMLElement;
  let highlights: NumberHighlights;
  let scanner: PageScanner;
  /** How often the detector read each text (whole short nodes; pieces of long ones are counted apart). */
  let detected: Map<string, number>;
  /** Each slice's length and budget, in fake milliseconds, and whether a frame was rendered before it. */
  let slices: { ms: number; budget: number; afterFrame: boolean }[];
  /** Style reads (checkVisibility, the first of every visibility check) and whether they came right after a frame, with no change since. */
  let styleReads: { afterFrame: boolean }[];
  /** Whether a frame was rendered since the page last changed (the fixture, a mutation, the adopted sheet). */
  let frameSinceChange: boolean;
  let changes: MutationObserver;

  function start(): void {
    clock = new FakeClock();
    detected = new Map();
    slices = [];
    styleReads = [];
    frameSinceChange = false;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the real method, called with the spied `this`
    const checkVisibility = Element.prototype.checkVisibility;
    spyOn(Element.prototype, 'checkVisibility').and.callFake(function (this: Element, options?: CheckVisibilityOptions) {
      styleReads.push({ afterFrame: frameSinceChange });
      return checkVisibility.call(this, options);
    });
    highlights = new NumberHighlights(document);
    const flush = highlights.flush.bind(highlights);
    spyOn(highlights, 'flush').and.callFake(() => {
      const adopted = flush();
      if (adopted) frameSinceChange = false;
      return adopted;
    });
    changes = new MutationObserver(() => (frameSinceChange = false));
    changes.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    scanner = new PageScanner(document, highlights, 'US', {
      clock,
      detect: (text, options) => {
        clock.time += DETECT_MS;
        detected.set(text, (detected.get(text) ?? 0) + 1);
        return findPhoneNumbers(text, options);
      },
    });
    scanner.start();
  }

  /** A rendered frame: the frame callbacks run, then the browser styles and lays out the page. */
  function renderFrame(): void {
    const callbacks = clock.frames.splice(0);
    callbacks.forEach((callback) => callback());
    frameSinceChange = true;
    clock.time += 16;
  }

  /**
   * Runs idle callbacks until none is left, alternating a busy page (timed out) and an idle one (IDLE_MS left), and
   * renders a frame only when the scanner waits for one (a real page would render more).
   */
  async function runSlices(): Promise<void> {
    await Promise.resolve();
    let afterFrame = false;
    for (let count = 0; clock.callbacks.length > 0 || clock.frames.length > 0 || clock.tasks.length > 0; count++) {
      const task = clock.tasks.shift();
      if (task === undefined && clock.callbacks.length === 0) {
        renderFrame();
        afterFrame = true;
        continue;
      }
      // A task queued by a frame callback runs right after the frame, with the busy budget.
      const busy = task !== undefined || count % 2 === 0;
      const callback = clock.callbacks.shift() as IdleRequestCallback;
      const started = clock.time;
      if (task !== undefined) task();
      else callback({ didTimeout: busy, timeRemaining: () => (busy ? 0 : IDLE_MS) });
      slices.push({ ms: clock.time - started, budget: busy ? BUSY_SLICE_MS : IDLE_MS, afterFrame });
      // Between tasks the page may restyle (input, hover, its own tasks): style is fresh only right after a frame.
      afterFrame = frameSinceChange = false;
      await Promise.resolve();
      if (count > 100_000) throw new Error('The scanner never caught up');
    }
    expect(scanner.idle).toBeTrue();
  }

  /** Slices that started right after one that used its whole budget, with no frame rendered between them. */
  function backToBack(): number {
    return slices.filter((slice, index) => {
      const before = slices[index - 1];
      return before !== undefined && !slice.afterFrame && before.ms >= before.budget - 1;
    }).length;
  }

  function marked(): string[] {
    const ranges = [...(CSS.highlights.get(HIGHLIGHT_NAME)?.keys() ?? [])];
    return ranges
      .filter((range) => container.contains(range.startContainer))
      .map((range) => (range.startContainer as Text).data.slice(range.startOffset, range.endOffset))
      .sort();
  }

  function overBudget(): { ms: number; budget: number }[] {
    return slices.filter((slice) => slice.ms > slice.budget + 1e-9);
  }

  afterEach(() => {
    changes.disconnect();
    scanner.stop();
    highlights.dispose();
    container.remove();
  });

  it('keeps every slice within its budget (busy: 5 ms, idle: the deadline) and scans every text node exactly once', async () => {
    const lines = Array.from({ length: 120 }, (_, index) => `Line ${index}: 310-555-0${String(100 + index)}`);
    container = pageFixture((root, element) => lines.forEach((line) => root.append(element('p', {}, line))));
    start();
    await runSlices();
    expect(overBudget()).toEqual([]);
    expect(slices.length).withContext('the work took many slices').toBeGreaterThan(20);
    expect(lines.map((line) => detected.get(line))).toEqual(lines.map(() => 1));
    expect(marked().length).toBe(120);
  });

  it('renders a frame after every slice that used its whole budget, before the next slice', async () => {
    const lines = Array.from({ length: 120 }, (_, index) => `Line ${index}: 310-555-0${String(100 + index)}`);
    container = pageFixture((root, element) => lines.forEach((line) => root.append(element('p', {}, line))));
    start();
    await runSlices();
    const full = slices.filter((slice) => slice.ms >= slice.budget - 1);
    expect(full.length).withContext('slices used their whole budget').toBeGreaterThan(10);
    expect(backToBack()).toBe(0);
    expect(marked().length).toBe(120);
  });

  it('reads style only in the slice right after a rendered frame, with no change to the page or its style sheet since', async () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Call 415-555-0199')));
    start();
    await runSlices();
    expect(marked()).toEqual(['415-555-0199']);
    container.append(createElement('p', {}, 'Later 646-555-0173'), createElement('p', {}, 'And 212-555-0111'));
    // Idle callbacks alone (no frame): the numbers are found, but their style is not read.
    await Promise.resolve();
    for (let count = 0; clock.callbacks.length > 0 && count < 100; count++) {
      clock.callbacks.shift()?.({ didTimeout: true, timeRemaining: () => 0 });
      frameSinceChange = false;
      await Promise.resolve();
    }
    expect([...detected.keys()]).toContain('Later 646-555-0173');
    expect(clock.frames.length).withContext('the scanner waits for a frame').toBe(1);
    expect(marked()).toEqual(['415-555-0199']);
    await runSlices();
    expect(marked()).toEqual(['212-555-0111', '415-555-0199', '646-555-0173']);
    expect(styleReads.length).toBeGreaterThan(2);
    expect(styleReads.filter((read) => !read.afterFrame)).toEqual([]);
  });

  it('treats a page whose idle periods are too short for any work, for a second, as busy: the work goes on', async () => {
    container = pageFixture((root, element) => root.append(element('p', {}, 'Call 415-555-0199')));
    start();
    const short: IdleDeadline = { didTimeout: false, timeRemaining: () => 0.5 };
    let callbacks = 0;
    for (
      ;
      marked().length === 0 && (clock.callbacks.length > 0 || clock.frames.length > 0 || clock.tasks.length > 0) && callbacks < 1000;
      callbacks++
    ) {
      // Frames come when the scanner asks for one (before its style reads); the task after a frame runs then.
      if (clock.callbacks.length === 0) renderFrame();
      const task = clock.tasks.shift();
      if (task !== undefined) task();
      else clock.callbacks.shift()?.(short);
      clock.time += 100;
      await Promise.resolve();
    }
    expect(marked()).toEqual(['415-555-0199']);
    expect(callbacks).withContext('nothing was done in the first second').toBeGreaterThan(10);
  });

  it('reads a mutation batch of thousands of nodes, every slice within its budget', async () => {
    container = pageFixture(() => undefined);
    start();
    await runSlices();
    slices = [];
    const fragment = document.createDocumentFragment();
    for (let index = 0; index < 3000; index++)
      fragment.append(createElement('p', {}, index % 100 === 0 ? `Call 646-555-0${100 + index / 100}` : 'no number'));
    container.append(fragment);
    await runSlices();
    expect(overBudget()).toEqual([]);
    expect(marked().length).toBe(30);
  });

  it('cleans up removed marks in slices, and does no clean-up when nothing is marked', async () => {
    container = pageFixture((root, element) => {
      for (let index = 0; index < 400; index++) root.append(element('p', {}, `Desk ${index}: 212-555-0${100 + (index % 100)}`));
      root.append(element('p', {}, 'nothing to mark here'));
    });
    start();
    await runSlices();
    expect(marked().length).toBe(400);
    const sweeps = spyOn(highlights, 'markedTexts').and.callThrough();
    slices = [];
    [...container.querySelectorAll('p')].slice(0, 300).forEach((paragraph) => paragraph.remove());
    await runSlices();
    expect(sweeps).toHaveBeenCalled();
    expect(overBudget()).toEqual([]);
    expect(marked().length).toBe(100);
    expect(highlights.markedNodes).toBe(100);

    // With nothing marked, removals cost no clean-up pass at all.
    [...container.querySelectorAll('p')].slice(0, 100).forEach((paragraph) => paragraph.remove());
    await runSlices();
    expect(highlights.markedNodes).toBe(0);
    sweeps.calls.reset();
    container.querySelector('p')?.remove();
    expect(container.querySelector('p')).toBeNull();
    await runSlices();
    expect(sweeps).not.toHaveBeenCalled();
  });

  it('scans a long text node in pieces, each slice within its budget, and finds a number across a cut once', async () => {
    const filler = (length: number): string => 'lot 12 of day 345, '.repeat(Math.ceil(length / 19)).slice(0, length);
    const across = '(310) 555-0142';
    // The first cut is at PIECE_CHARS: this number starts 6 characters before it and ends 8 after.
    const text = `${filler(PIECE_CHARS - 12)} call ${across} ${filler(PIECE_CHARS)} call +44 20 7946 0123 ${filler(3 * PIECE_CHARS)} call 646-555-0173.`;
    container = pageFixture((root, element) => root.append(element('p', {}, text)));
    start();
    await runSlices();
    expect(overBudget()).toEqual([]);
    const pieces = [...detected.values()].reduce((sum, calls) => sum + calls, 0);
    expect(pieces)
      .withContext('one detector call per piece')
      .toBe(Math.ceil(text.length / PIECE_CHARS));
    expect([...detected.keys()].every((piece) => piece.length < PIECE_CHARS + 300)).toBeTrue();
    expect(marked()).toEqual([across, '+44 20 7946 0123', '646-555-0173'].sort());
  });
});
