/** Scans the page's text for numbers in idle time, then re-scans only what mutations touch, in short chunks. */
import { findPhoneNumbers } from '../../../../shared/src/lib/phone/find-phone-numbers';
import type { NumberHighlights } from '../highlights/number-highlights';
import { isInsideExcluded, isRendered, mayHoldNumber } from '../matchers/eligible-text';
import { isVisibleText } from '../matchers/visible-text';

/** Longest stretch of work per idle callback: far below the 50 ms of a long task. */
const CHUNK_MS = 8;
/** Text nodes skipped by the cheap checks between two reads of the clock. */
const CLOCK_EVERY = 64;
/** Run even on a page that is never idle, after this long. */
const IDLE_TIMEOUT_MS = 1_000;
/** Attributes that can show or hide text, or make it editable. */
const WATCHED_ATTRIBUTES = ['class', 'style', 'hidden', 'open', 'contenteditable'];

export class PageScanner {
  /** Roots waiting to be scanned: subtrees added or changed since the last chunk. */
  private readonly pending = new Set<Node>();
  /** The data each text node had when scanned, to skip it when a re-scan finds it unchanged. */
  private readonly scanned = new WeakMap<Text, string>();
  private readonly observer = new MutationObserver((records) => this.onMutations(records));
  private walker: TreeWalker | undefined;
  private idleHandle: number | undefined;
  private removalsSeen = false;

  constructor(
    private readonly document: Document,
    private readonly highlights: NumberHighlights,
    private readonly defaultCountry: string,
  ) {}

  start(): void {
    this.observer.observe(this.document, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRIBUTES,
    });
    this.enqueue(this.document.documentElement);
  }

  stop(): void {
    this.observer.disconnect();
    if (this.idleHandle !== undefined) cancelIdleCallback(this.idleHandle);
    this.idleHandle = undefined;
    this.pending.clear();
    this.walker = undefined;
  }

  /** Whether scanning has caught up with the page (specs wait on it). */
  get idle(): boolean {
    return this.idleHandle === undefined && this.pending.size === 0 && this.walker === undefined;
  }

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'childList') {
        record.addedNodes.forEach((node) => this.enqueue(node));
        if (record.removedNodes.length > 0) this.removalsSeen = true;
      } else {
        this.enqueue(record.target);
      }
    }
  }

  private enqueue(node: Node | null): void {
    if (node === null || !(node instanceof Element || node instanceof Text)) return;
    this.pending.add(node);
    this.idleHandle ??= requestIdleCallback((deadline) => this.work(deadline), { timeout: IDLE_TIMEOUT_MS });
  }

  private work(deadline: IdleDeadline): void {
    this.idleHandle = undefined;
    const budget = deadline.didTimeout ? CHUNK_MS : Math.min(CHUNK_MS, deadline.timeRemaining());
    const stopAt = performance.now() + budget;
    if (this.removalsSeen) {
      this.removalsSeen = false;
      this.highlights.unmarkWhere((text) => !text.isConnected).forEach((text) => this.scanned.delete(text));
    }
    // Most text holds no digit and costs one regex test: read the clock only after real work or every few nodes.
    let skipped = 0;
    for (let text = this.nextText(); text !== undefined; text = this.nextText()) {
      if (this.scanText(text) || ++skipped % CLOCK_EVERY === 0) {
        if (performance.now() >= stopAt) break;
      }
    }
    this.highlights.flush();
    if (this.walker !== undefined || this.pending.size > 0) {
      this.idleHandle = requestIdleCallback((next) => this.work(next), { timeout: IDLE_TIMEOUT_MS });
    }
  }

  /** The next text node of the current subtree walk, starting the walk of the next pending root when it ends. */
  private nextText(): Text | undefined {
    const next = this.walker?.nextNode();
    if (next instanceof Text) return next;
    this.walker = undefined;
    for (const root of this.pending) {
      this.pending.delete(root);
      const element = root instanceof Element ? root : root.parentElement;
      if (element === null || !root.isConnected) continue;
      if (isInsideExcluded(element)) {
        // Became a field, a link or hidden by attribute: its numbers are no longer ours to mark.
        this.highlights.unmarkWhere((text) => root.contains(text)).forEach((text) => this.scanned.delete(text));
        continue;
      }
      if (root instanceof Text) return root;
      // Text nodes only and no filter callback: the walk stays in native code; exclusions are checked per candidate.
      this.walker = this.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const first = this.walker.nextNode();
      if (first instanceof Text) return first;
      this.walker = undefined;
    }
    return undefined;
  }

  /**
   * Scans one text node; returns whether that took real work (the detector ran). Cheapest checks first, and no
   * style or layout read unless the detector found a number: pages without numbers never force a style update.
   */
  private scanText(text: Text): boolean {
    if (!mayHoldNumber(text)) {
      this.highlights.unmark(text);
      return false;
    }
    const data = text.data;
    if (this.scanned.get(text) === data) return false;
    const parent = text.parentElement;
    if (parent === null || isInsideExcluded(parent)) {
      this.highlights.unmark(text);
      return false;
    }
    const numbers = findPhoneNumbers(data, { defaultCountry: this.defaultCountry });
    if (numbers.length === 0) {
      this.highlights.unmark(text);
      this.scanned.set(text, data);
      return true;
    }
    // Hidden text is left unscanned (and not remembered): the attribute change that shows it queues it again.
    if (!isRendered(parent)) return true;
    const visible = numbers.filter((number) => isVisibleText(text, number.start, number.end));
    this.highlights.mark(text, visible);
    // A number the user cannot see is not remembered as scanned: the change that shows it queues it again.
    if (visible.length === numbers.length) this.scanned.set(text, data);
    return true;
  }
}
