/**
 * Whether the user can actually see a piece of text. A hostile page can plant a number where the user will click
 * and make it invisible (transparent, opacity 0, hidden, tiny, clipped or off-page); such text is never offered.
 * Costs layout reads, so it runs only for text that holds a number.
 */

/** Text smaller than this (CSS px) is not something the user read. */
const MIN_FONT_PX = 6;
/** A box thinner than this (CSS px) shows no readable text. */
const MIN_BOX_PX = 2;

function isTransparent(color: string): boolean {
  return color === 'transparent' || /^rgba\(.*,\s*0(\.0+)?\)$/.test(color) || /\/\s*0(\.0+)?\)$/.test(color);
}

/** Whether `box` and `clip` overlap by a visible area. */
function overlaps(box: DOMRect, clip: DOMRect): boolean {
  const width = Math.min(box.right, clip.right) - Math.max(box.left, clip.left);
  const height = Math.min(box.bottom, clip.bottom) - Math.max(box.top, clip.top);
  return width >= MIN_BOX_PX && height >= MIN_BOX_PX;
}

/**
 * Whether an ancestor hides `box` by clipping it away (clip, clip-path, or overflow that cuts it off), reading one
 * ancestor per step: one unit of the scanner's work. In a tree 5,000 deep, 128 computed-style reads per step made
 * one 99 ms stretch.
 */
function* isClippedAway(element: Element, box: DOMRect): Generator<void, boolean, void> {
  const view = element.ownerDocument.defaultView;
  if (view === null) return true;
  for (let ancestor: Element | null = element; ancestor !== null; ancestor = ancestor.parentElement) {
    yield;
    const style = view.getComputedStyle(ancestor);
    // Any clip-path may cut the number out; a page has no honest reason to clip the text of a phone number.
    if (style.clipPath !== 'none') return true;
    if (style.clip !== 'auto' && style.clip !== '' && (style.position === 'absolute' || style.position === 'fixed')) {
      return true;
    }
    if (style.overflow !== 'visible' && ancestor !== element.ownerDocument.documentElement) {
      if (!overlaps(box, ancestor.getBoundingClientRect())) return true;
    }
  }
  return false;
}

/**
 * Whether the characters `start` to `end` of `text` are drawn where the user can see them, in steps: the scanner
 * runs one step per unit of work (the ancestors' clipping is read a bounded number at a time).
 */
export function* visibleTextSteps(text: Text, start = 0, end = text.length): Generator<void, boolean, void> {
  const element = text.parentElement;
  const view = text.ownerDocument.defaultView;
  if (element === null || view === null) return false;
  // opacityProperty: opacity 0 on the element or any ancestor; visibilityProperty: visibility hidden/collapse.
  if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
  const style = view.getComputedStyle(element);
  // The glyphs are painted with -webkit-text-fill-color, which is the color unless set on its own.
  if (isTransparent(style.getPropertyValue('-webkit-text-fill-color') || style.color)) return false;
  if (parseFloat(style.fontSize) < MIN_FONT_PX) return false;
  const range = text.ownerDocument.createRange();
  range.setStart(text, Math.min(start, text.length));
  range.setEnd(text, Math.min(end, text.length));
  const box = range.getBoundingClientRect();
  if (box.width < MIN_BOX_PX || box.height < MIN_BOX_PX) return false;
  // Off the page to the left or top can never be scrolled into view.
  if (box.right + view.scrollX <= 0 || box.bottom + view.scrollY <= 0) return false;
  return !(yield* isClippedAway(element, box));
}

/** Whether the characters `start` to `end` of `text` are drawn where the user can see them (all steps at once). */
export function isVisibleText(text: Text, start = 0, end = text.length): boolean {
  const steps = visibleTextSteps(text, start, end);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}
