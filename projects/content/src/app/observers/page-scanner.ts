/**
 * Scans the page's text for numbers in idle time, then re-scans only what mutations touch, in slices with a hard
 * time bound: every unit of work (64 nodes of a mutation batch, a text node, a piece of a long text node, one
 * step of a visibility check, 64 marked nodes of the removal clean-up) is followed by a read of the clock. A slice
 * that used its whole budget is followed by a rendered frame before the next one, and style or layout is read only
 * in the first slice after a rendered frame, with no change to the page (or our style sheet) since: the browser
 * does that style and layout work in its own frame, never inside a slice of ours.
 */
import { type FoundPhoneNumber, findPhoneNumbers } from '../../../../shared/src/lib/phone/find-phone-numbers';
import type { NumberHighlights } from '../highlights/number-highlights';
import { EXCLUDED_ELEMENTS, isInsideExcluded, isRendered, mayHoldNumber } from '../matchers/eligible-text';
import { visibleTextSteps } from '../matchers/visible-text';

/** Longest slice when requestIdleCallback fired by its timeout: the page is busy and has no idle time to give. */
export const BUSY_SLICE_MS = 5;
/** Longest slice in idle time, even when the idle deadline allows more: well inside one frame. */
export const IDLE_SLICE_MS = 8;
/**
 * Headroom for the unit of work after the last clock read: a slice starts no unit once less than this remains,
 * and every unit is kept smaller (pieces of PIECE_CHARS, one visibility check, UNITS_PER_BATCH cheap steps).
 */
export const UNIT_MS = 1;
/** A text node longer than this is scanned in pieces of this many characters, one piece per unit. */
export const PIECE_CHARS = 4096;
/** Text read on each side of a piece, so the detector sees a number across a cut (or near it) as in whole text. */
const CONTEXT_CHARS = 128;
/** Cheap steps (added nodes queued, marked nodes checked in the clean-up) per unit. */
const UNITS_PER_BATCH = 64;
/** Run even on a page that is never idle, after this long. */
const IDLE_TIMEOUT_MS = 1_000;
/** Read style even on a page that changes in every frame (or hover restyles), after waiting this many frames. */
const MAX_FRAMES_WAITED = 60;
/** Attributes that can show or hide text, or make it editable. */
const WATCHED_ATTRIBUTES = ['class', 'style', 'hidden', 'open', 'contenteditable'];

/** The clock, idle and frame scheduling the scanner runs on: the page's, or a fake one in specs. */
export interface SliceClock {
  now(): number;
  requestIdle(callback: IdleRequestCallback, timeoutMs: number): number;
  cancelIdle(handle: number): void;
  /** Calls back before the next frame is rendered. */
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Calls back in a task of its own: requested before a frame, it runs after that frame is rendered. */
  requestTask(callback: () => void): number;
  cancelTask(handle: number): void;
  /** Whether the page is hidden: it renders no frames then, and no user sees a frame missed. */
  hidden(): boolean;
}

const pageClock: SliceClock = {
  now: () => performance.now(),
  requestIdle: (callback, timeout) => requestIdleCallback(callback, { timeout }),
  cancelIdle: (handle) => cancelIdleCallback(handle),
  requestFrame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  requestTask: (callback) => setTimeout(callback, 0),
  cancelTask: (handle) => clearTimeout(handle),
  hidden: () => document.visibilityState === 'hidden',
};

/** The slice right after a frame runs as a task: the busy budget. */
const AFTER_FRAME: IdleDeadline = { didTimeout: true, timeRemaining: () => 0 };

export interface PageScannerOptions {
  clock?: SliceClock;
  /** The detector (specs count its calls); the shared one by default. */
  detect?: typeof findPhoneNumbers;
}

/** One text node being scanned, carried from piece to piece and from slice to slice. */
interface TextScan {
  text: Text;
  /** The data the scan started on: a change abandons the scan (the mutation has queued the node again). */
  data: string;
  /** Where the next piece starts: numbers found before it are already taken. */
  from: number;
  /** Numbers found and not yet checked for visibility. */
  unchecked: FoundPhoneNumber[];
  visible: FoundPhoneNumber[];
  /** Numbers found so far, visible or not. */
  found: number;
  /** Whether the text's element was seen rendered (checked once, before the first visibility check). */
  rendered: boolean;
  /** The visibility check under way, one step per unit, for `unchecked[0]`. */
  checking: Generator<void, boolean, void> | undefined;
}

export class PageScanner {
  /** Mutation batches not yet read, and where reading stopped inside the first one. */
  private readonly batches: MutationRecord[][] = [];
  private recordIndex = 0;
  private addedIndex = 0;
  /** Roots waiting to be scanned: subtrees added or changed since they were last scanned. */
  private readonly pending = new Set<Node>();
  /** The data each text node had when scanned, to skip it when a re-scan finds it unchanged. */
  private readonly scanned = new WeakMap<Text, string>();
  private readonly observer = new MutationObserver((records) => this.onMutations(records));
  private readonly clock: SliceClock;
  private readonly detect: typeof findPhoneNumbers;
  private walker: TreeWalker | undefined;
  private current: TextScan | undefined;
  /** Walks a subtree that became excluded (a field, a link, hidden), unmarking its text. */
  private clearing: TreeWalker | undefined;
  /** Walks the marked text nodes after removals, unmarking those no longer in the page. */
  private sweep: Iterator<Text> | undefined;
  private sweepAgain = false;
  /**
   * Elements known to be outside any excluded element, so a text node's check stops at the first known ancestor
   * (`closest` from every text node costs the tree's depth each time). Forgotten at every change that can move an
   * element or change what it matches.
   */
  private included = new WeakSet<Element>();
  private idleHandle: number | undefined;
  private frameHandle: number | undefined;
  private taskHandle: number | undefined;
  /** The next slice waits for a rendered frame (the last one used its whole budget, or needs clean style). */
  private waitForFrame = false;
  /** A frame was rendered right before this slice and nothing changed since: style reads cost no style update. */
  private styleFresh = false;
  /** Frames waited for fresh style in a row (a page that changes in every frame does not wait forever). */
  private framesWaited = 0;
  private styleWanted = false;
  /** When slices started finding no time for a unit of work (idle deadlines shorter than UNIT_MS). */
  private starvedSince: number | undefined;

  constructor(
    private readonly document: Document,
    private readonly highlights: NumberHighlights,
    private readonly defaultCountry: string,
    options: PageScannerOptions = {},
  ) {
    this.clock = options.clock ?? pageClock;
    this.detect = options.detect ?? findPhoneNumbers;
  }

  start(): void {
    this.observer.observe(this.document, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRIBUTES,
    });
    this.pending.add(this.document.documentElement);
    this.schedule();
  }

  stop(): void {
    this.observer.disconnect();
    if (this.idleHandle !== undefined) this.clock.cancelIdle(this.idleHandle);
    if (this.frameHandle !== undefined) this.clock.cancelFrame(this.frameHandle);
    if (this.taskHandle !== undefined) this.clock.cancelTask(this.taskHandle);
    this.idleHandle = this.frameHandle = this.taskHandle = undefined;
    this.waitForFrame = false;
    this.batches.length = 0;
    this.recordIndex = this.addedIndex = 0;
    this.pending.clear();
    this.walker = this.current = this.clearing = this.sweep = undefined;
    this.sweepAgain = false;
  }

  /** Whether scanning has caught up with the page (specs wait on it). */
  get idle(): boolean {
    return this.idleHandle === undefined && this.frameHandle === undefined && this.taskHandle === undefined && !this.hasWork();
  }

  private hasWork(): boolean {
    return (
      this.batches.length > 0 ||
      this.sweepAgain ||
      this.sweep !== undefined ||
      this.clearing !== undefined ||
      this.current !== undefined ||
      this.walker !== undefined ||
      this.pending.size > 0
    );
  }

  /** Only keeps the batch: reading it is work for a slice (one batch can hold a hundred thousand nodes). */
  private onMutations(records: MutationRecord[]): void {
    this.batches.push(records);
    this.styleFresh = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.idleHandle !== undefined || this.frameHandle !== undefined || this.taskHandle !== undefined) return;
    if (this.waitForFrame && !this.clock.hidden()) {
      this.frameHandle = this.clock.requestFrame(() => {
        this.frameHandle = undefined;
        // What changed before this callback is styled and laid out in the frame it starts; the task runs after it,
        // even on a busy page (an idle callback there comes only at its timeout, after the page changed again).
        this.styleFresh = true;
        if (this.styleWanted) this.framesWaited++;
        this.waitForFrame = false;
        this.taskHandle = this.clock.requestTask(() => {
          this.taskHandle = undefined;
          this.slice(AFTER_FRAME);
        });
      });
      return;
    }
    this.waitForFrame = false;
    this.idleHandle = this.clock.requestIdle((deadline) => this.slice(deadline), IDLE_TIMEOUT_MS);
  }

  /**
   * Whether style may be read now without computing it for the page: in the slice right after a rendered frame,
   * with no change since (or the page is hidden, or it changed before every one of MAX_FRAMES_WAITED frames).
   * Otherwise the slice ends and the next one waits for a frame.
   */
  private styleIsFresh(): boolean {
    if (this.styleFresh || this.clock.hidden() || this.framesWaited >= MAX_FRAMES_WAITED) {
      this.framesWaited = 0;
      this.styleWanted = false;
      return true;
    }
    this.styleWanted = this.waitForFrame = true;
    return false;
  }

  private slice(deadline: IdleDeadline): void {
    if (deadline !== AFTER_FRAME) this.idleHandle = undefined;
    const started = this.clock.now();
    // Idle periods too short for one unit, again and again for a second, count as a busy page: the work goes on.
    const starved = this.starvedSince !== undefined && started - this.starvedSince >= IDLE_TIMEOUT_MS;
    const budget = deadline.didTimeout || starved ? BUSY_SLICE_MS : Math.min(IDLE_SLICE_MS, deadline.timeRemaining());
    const lastStart = started + budget - UNIT_MS;
    let units = 0;
    let inBudget: boolean;
    while ((inBudget = this.clock.now() <= lastStart) && !this.waitForFrame && this.step()) {
      units++;
      // The first mark adopts the style sheet, which restyles the page: end the slice there and let the browser do
      // that in its own frame, not in the next visibility check.
      if (this.highlights.flush()) {
        this.styleFresh = false;
        this.waitForFrame = true;
      }
    }
    // Input, hover and the page's own tasks may restyle it before the next slice that works: only a frame makes
    // style fresh again (a slice with no time for any unit leaves it to the next one).
    if (units > 0) this.styleFresh = false;
    // A slice that used its whole budget: the browser renders a frame before the next one.
    if (!inBudget && units > 0) this.waitForFrame = true;
    this.starvedSince = units > 0 || this.waitForFrame ? undefined : (this.starvedSince ?? started);
    if (this.hasWork()) this.schedule();
  }

  /** Does one unit of work; false when there is none left. */
  private step(): boolean {
    if (this.batches.length > 0) this.readMutations();
    else if (this.sweep !== undefined || this.sweepAgain) this.sweepRemoved();
    else if (this.clearing !== undefined) this.clearExcluded();
    else if (this.current !== undefined) this.continueScan(this.current);
    else return this.scanNextText();
    return true;
  }

  /** Queues up to UNITS_PER_BATCH nodes from the mutation records. */
  private readMutations(): void {
    for (let budget = UNITS_PER_BATCH; budget > 0;) {
      const batch = this.batches[0];
      const record = batch?.[this.recordIndex];
      if (batch === undefined) return;
      if (record === undefined) {
        this.batches.shift();
        this.recordIndex = 0;
        continue;
      }
      if (record.type !== 'childList') {
        this.included = new WeakSet();
        this.enqueue(record.target);
        budget--;
      } else {
        const added = record.addedNodes;
        if (this.addedIndex === 0 && added.length > 0) this.included = new WeakSet();
        for (; this.addedIndex < added.length && budget > 0; this.addedIndex++, budget--) this.enqueue(added[this.addedIndex] ?? null);
        if (this.addedIndex < added.length) return;
        // Nothing marked, nothing to clean up: removals cost nothing on pages without numbers.
        if (record.removedNodes.length > 0 && this.highlights.markedNodes > 0) this.sweepAgain = true;
      }
      this.addedIndex = 0;
      this.recordIndex++;
    }
  }

  private enqueue(node: Node | null): void {
    if (node instanceof Element || node instanceof Text) this.pending.add(node);
  }

  /** Checks up to UNITS_PER_BATCH marked text nodes; unmarks those removed from the page. */
  private sweepRemoved(): void {
    if (this.sweep === undefined) {
      this.sweepAgain = false;
      this.sweep = this.highlights.markedTexts();
    }
    for (let count = 0; count < UNITS_PER_BATCH; count++) {
      const next = this.sweep.next();
      if (next.done === true) {
        this.sweep = undefined;
        return;
      }
      if (!next.value.isConnected) this.forget(next.value);
    }
  }

  /** Unmarks up to UNITS_PER_BATCH text nodes of a subtree that became excluded. */
  private clearExcluded(): void {
    for (let count = 0; count < UNITS_PER_BATCH; count++) {
      const next = this.clearing?.nextNode();
      if (!(next instanceof Text)) {
        this.clearing = undefined;
        return;
      }
      this.forget(next);
    }
  }

  private forget(text: Text): void {
    this.highlights.unmark(text);
    this.scanned.delete(text);
  }

  /** Takes the next text node of the walk (or the next pending root) and scans it, or starts its scan. */
  private scanNextText(): boolean {
    const next = this.walker?.nextNode();
    if (next instanceof Text) {
      this.scanText(next);
      return true;
    }
    this.walker = undefined;
    const root = this.pending.values().next();
    if (root.done === true) return false;
    this.pending.delete(root.value);
    this.startRoot(root.value);
    return true;
  }

  private startRoot(root: Node): void {
    const element = root instanceof Element ? root : root.parentElement;
    if (element === null || !root.isConnected) return;
    if (isInsideExcluded(element)) {
      // Became a field, a link or hidden by attribute: its numbers are no longer ours to mark.
      if (this.highlights.markedNodes > 0) {
        if (root instanceof Text) this.forget(root);
        else this.clearing = this.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      }
      return;
    }
    this.included.add(element);
    if (root instanceof Text) this.scanText(root);
    // Text nodes only and no filter callback: the walk stays in native code; exclusions are checked per candidate.
    else this.walker = this.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  }

  /**
   * Cheapest checks first (a short text node or one without a digit costs one length read and one regex test), then
   * the detector on a short node at once; a long node, or one with numbers to check, becomes the current scan.
   * A short node's parent is read only once a number was found in it: reading a node from the content script's world
   * gives it a wrapper there, kept in a table that grows by rehashing (20-100 ms once the page holds 100,000 of them).
   */
  private scanText(text: Text): void {
    // A long text node is never read whole here: its pieces are tested one at a time.
    if (text.length <= PIECE_CHARS && !mayHoldNumber(text)) {
      this.highlights.unmark(text);
      return;
    }
    const data = text.data;
    if (this.scanned.get(text) === data) return;
    const scan: TextScan = { text, data, from: 0, unchecked: [], visible: [], found: 0, rendered: false, checking: undefined };
    if (data.length <= PIECE_CHARS) {
      this.scanPiece(scan);
      if (scan.found === 0) return this.finish(scan);
    }
    const parent = text.parentElement;
    if (parent === null || this.isExcluded(parent)) {
      this.highlights.unmark(text);
      return;
    }
    this.current = scan;
  }

  /** Whether `element` is or is inside an excluded element, reading each element's own match at most once. */
  private isExcluded(element: Element): boolean {
    const path: Element[] = [];
    for (let at: Element | null = element; at !== null && !this.included.has(at); at = at.parentElement) {
      if (at.matches(EXCLUDED_ELEMENTS)) return true;
      path.push(at);
    }
    path.forEach((at) => this.included.add(at));
    return false;
  }

  /** One unit of the current scan: the rendered check, one number's visibility check, the next piece, or the end. */
  private continueScan(scan: TextScan): void {
    const { text, data } = scan;
    const parent = text.parentElement;
    if (text.data !== data || parent === null || !text.isConnected) {
      // Changed or moved: the mutation has queued it again.
      this.current = undefined;
      return;
    }
    const number = scan.unchecked[0];
    if (number === undefined && scan.from < data.length) {
      this.scanPiece(scan);
    } else if (number === undefined) {
      this.current = undefined;
      this.finish(scan);
    } else if (!this.styleIsFresh()) {
      return;
    } else if (!scan.rendered) {
      // Style is read only for text where a number was found: pages without numbers never force a style update.
      scan.rendered = isRendered(parent);
      // Hidden text is left unscanned (and not remembered): the attribute change that shows it queues it again.
      if (!scan.rendered) this.current = undefined;
    } else {
      scan.checking ??= visibleTextSteps(text, number.start, number.end);
      const step = scan.checking.next();
      if (step.done !== true) return;
      scan.checking = undefined;
      scan.unchecked.shift();
      if (step.value) scan.visible.push(number);
    }
  }

  private finish(scan: TextScan): void {
    this.highlights.mark(scan.text, scan.visible);
    // A number the user cannot see is not remembered as scanned: the change that shows it queues it again. A short
    // node without a number is not remembered either: the detector reads it again as fast as the table would, and
    // remembering every node of a big page grew the table in rehashes of 30 ms.
    if (scan.visible.length === scan.found && (scan.found > 0 || scan.data.length > PIECE_CHARS)) this.scanned.set(scan.text, scan.data);
  }

  /**
   * Finds the numbers that start in the next PIECE_CHARS characters. The detector reads CONTEXT_CHARS more on each
   * side, so a number across the cut is found whole, and only in the piece where it starts; the next piece starts
   * after the last number taken, so none is found twice.
   */
  private scanPiece(scan: TextScan): void {
    const { data, from } = scan;
    const cut = Math.min(data.length, from + PIECE_CHARS);
    const windowStart = Math.max(0, from - CONTEXT_CHARS);
    const piece = windowStart === 0 && cut === data.length ? data : data.slice(windowStart, cut + CONTEXT_CHARS);
    let next = cut;
    for (const number of this.detect(piece, { defaultCountry: this.defaultCountry })) {
      const start = number.start + windowStart;
      if (start < from || start >= cut) continue;
      const end = number.end + windowStart;
      scan.unchecked.push({ ...number, start, end });
      scan.found++;
      next = Math.max(next, end);
    }
    scan.from = next;
  }
}
