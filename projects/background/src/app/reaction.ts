/**
 * `react(fn)`: the background's `effect()`. Runs `fn` now, and again in a microtask whenever a signal it read has
 * changed (several changes in one turn: one run). Angular's own `effect()` needs change detection to flush it, which
 * an injector without an application (a service worker) does not have; this is the same watch it is built on.
 */
import { createWatch } from '@angular/core/primitives/signals';

export function react(fn: () => void): void {
  createWatch(fn, (watch) => queueMicrotask(() => watch.run()), true).run();
}
