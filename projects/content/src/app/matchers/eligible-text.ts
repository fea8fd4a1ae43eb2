/** Which text the highlighter may read: visible page text, never fields, code, scripts, links or its own UI. */

/** Elements whose text is never scanned, with everything inside them. */
export const EXCLUDED_ELEMENTS = [
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'code',
  'pre',
  'kbd',
  'samp',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'button',
  // Links and fields: a click there already does something else (tel: links are dialled by tel-links.ts).
  'a[href]',
  '[contenteditable]:not([contenteditable="false"])',
  '[role="textbox"]',
  '[hidden]',
].join(',');

/** Shortest text worth running the detector on: "8325550147" has 10 characters. */
const MIN_TEXT_LENGTH = 10;

/** Whether an element's subtree is excluded by itself or by an ancestor (scan roots, and text that may hold a number). */
export function isInsideExcluded(element: Element): boolean {
  return element.closest(EXCLUDED_ELEMENTS) !== null;
}

/** Whether a text node could hold a number: long enough (read first: cheaper than its data) and containing a digit. */
export function mayHoldNumber(text: Text): boolean {
  return text.length >= MIN_TEXT_LENGTH && /[0-9\uFF10-\uFF19]/.test(text.data);
}

/** Whether the element holding a text node is rendered (not display:none or visibility:hidden). */
export function isRendered(element: Element): boolean {
  // Not contentVisibilityAuto: off-screen content-visibility:auto text becomes visible without any mutation.
  return element.checkVisibility({ visibilityProperty: true });
}
