/** Waiting until the browser has drawn what the popup shows now. */

/**
 * Resolves once the current DOM has been drawn: the next frame's callbacks, then the task after that frame. At once
 * in a hidden page, which draws no frames and would never resolve.
 */
export function afterPaint(document: Document): Promise<void> {
  const view = document.defaultView;
  if (view === null || document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => view.requestAnimationFrame(() => view.setTimeout(resolve)));
}
