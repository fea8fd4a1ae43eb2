/** Spec helpers: a container of page markup built with createElement and textContent, and waiting for idle-time scanning. */

/** Appends a fresh container to the body; `build` fills it with createElement/textContent. */
export function pageFixture(build: (container: HTMLElement, element: typeof createElement) => void): HTMLElement {
  const container = document.createElement('div');
  build(container, createElement);
  document.body.append(container);
  return container;
}

/** An element with attributes and children (text or elements). */
export function createElement(tag: string, attributes: Record<string, string> = {}, ...children: (string | Node)[]): HTMLElement {
  const element = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
  element.append(...children);
  return element;
}

/** Resolves once `done()` holds, checking after each macrotask (idle callbacks run within their 1 s timeout). */
export async function waitFor(done: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The centre of the first rectangle of `text.data.slice(start, end)`, in viewport coordinates. */
export function pointOn(text: Text, start: number, end: number): { clientX: number; clientY: number } {
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, end);
  const rect = range.getClientRects()[0];
  if (rect === undefined) throw new Error('The text is not rendered');
  return { clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2 };
}
