/** The numbers found in page text, marked with the CSS Custom Highlight API: no element, no layout change. */
import type { FoundPhoneNumber } from '../../../../shared/src/lib/phone/find-phone-numbers';

export const HIGHLIGHT_NAME = 'voipcom-phone';
const HIGHLIGHT_STYLE = `::highlight(${HIGHLIGHT_NAME}) { background-color: rgba(0, 120, 212, 0.14); text-decoration: underline dotted rgb(0, 120, 212); }`;

/** One marked number; `text.data.slice(start, end)` is the number as written. */
export interface MarkedNumber {
  text: Text;
  start: number;
  end: number;
  e164: string;
  /** Written after the number ("ext. 234"): shown in the confirmation window, not dialled. */
  extension?: string;
  range: StaticRange;
}

export class NumberHighlights {
  private readonly byNode = new Map<Text, MarkedNumber[]>();
  /** Marks not yet drawn: adding ranges one by one between style reads forces a style update each time. */
  private readonly unflushed = new Set<StaticRange>();
  private readonly highlight = new Highlight();
  /** Built, registered and adopted at the first flush with a mark: pages without numbers pay none of it. */
  private sheet: CSSStyleSheet | undefined;

  constructor(private readonly document: Document) {}

  /** How many numbers are drawn. */
  get size(): number {
    return this.highlight.size;
  }

  /** Replaces the marks of one text node with `numbers` (offsets into its data); drawn at the next flush. */
  mark(text: Text, numbers: readonly FoundPhoneNumber[]): void {
    this.unmark(text);
    if (numbers.length === 0) return;
    const marks = numbers.map(({ start, end, e164, extension }) => {
      const range = new StaticRange({ startContainer: text, startOffset: start, endContainer: text, endOffset: end });
      this.unflushed.add(range);
      return { text, start, end, e164, extension, range };
    });
    this.byNode.set(text, marks);
  }

  /** How many text nodes hold marks (the removal clean-up is skipped when none do). */
  get markedNodes(): number {
    return this.byNode.size;
  }

  /** The text nodes holding marks, live: nodes unmarked while iterating are skipped, nodes marked later are seen. */
  markedTexts(): Iterator<Text> {
    return this.byNode.keys();
  }

  /**
   * Draws the marks added since the last flush, in one go. Returns true when this flush adopted the style sheet,
   * which restyles the whole page: the caller ends its slice there.
   */
  flush(): boolean {
    if (this.unflushed.size === 0) return false;
    let adopted = false;
    // A ::highlight rule restyles the whole page once (~20 µs per element measured): only pages with numbers pay.
    if (this.sheet === undefined) {
      // A constructed sheet: no <style> element in the page, and page CSPs do not apply to it.
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(HIGHLIGHT_STYLE);
      this.document.adoptedStyleSheets = [...this.document.adoptedStyleSheets, this.sheet];
      CSS.highlights.set(HIGHLIGHT_NAME, this.highlight);
      adopted = true;
    }
    this.unflushed.forEach((range) => this.highlight.add(range));
    this.unflushed.clear();
    return adopted;
  }

  unmark(text: Text): void {
    this.byNode.get(text)?.forEach((mark) => {
      this.unflushed.delete(mark.range);
      this.highlight.delete(mark.range);
    });
    this.byNode.delete(text);
  }

  /** The marked number drawn under a viewport point, if any. */
  numberAt(x: number, y: number): MarkedNumber | undefined {
    const caret = this.caretAt(x, y);
    if (caret === undefined) return undefined;
    return this.byNode
      .get(caret.node)
      ?.find((mark) => mark.start <= caret.offset && caret.offset <= mark.end && this.isDrawnAt(mark, x, y));
  }

  /** Removes every mark, the highlight registration and the style sheet. */
  dispose(): void {
    this.highlight.clear();
    this.unflushed.clear();
    this.byNode.clear();
    if (CSS.highlights.get(HIGHLIGHT_NAME) === this.highlight) CSS.highlights.delete(HIGHLIGHT_NAME);
    const sheet = this.sheet;
    if (sheet !== undefined) {
      this.document.adoptedStyleSheets = this.document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
      this.sheet = undefined;
    }
  }

  private caretAt(x: number, y: number): { node: Text; offset: number } | undefined {
    // caretPositionFromPoint is Chrome 128+; the manifest allows 120, which has caretRangeFromPoint only.
    if (typeof this.document.caretPositionFromPoint === 'function') {
      const position = this.document.caretPositionFromPoint(x, y);
      return position?.offsetNode instanceof Text ? { node: position.offsetNode, offset: position.offset } : undefined;
    }
    const range = this.document.caretRangeFromPoint(x, y);
    return range?.startContainer instanceof Text ? { node: range.startContainer, offset: range.startOffset } : undefined;
  }

  /** The caret is at the nearest character boundary: check the point is on the number's glyphs themselves. */
  private isDrawnAt(mark: MarkedNumber, x: number, y: number): boolean {
    if (mark.end > mark.text.length) return false;
    return [...this.liveRange(mark).getClientRects()].some(
      (rect) => x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom,
    );
  }

  private liveRange(mark: MarkedNumber): Range {
    const range = this.document.createRange();
    range.setStart(mark.text, mark.start);
    range.setEnd(mark.text, Math.min(mark.end, mark.text.length));
    return range;
  }
}
