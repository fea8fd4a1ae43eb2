/** Number highlighting for one page and one default country: scanner, marks, clicks, and their clean stop. */
import { NumberHighlights } from './highlights/number-highlights';
import { PageScanner } from './observers/page-scanner';
import type { AcceptEvent } from './user-clicks';
import { askOnNumberClicks } from './widgets/number-clicks';

export interface Highlighting {
  readonly scanner: PageScanner;
  readonly highlights: NumberHighlights;
  /** Disconnects the observer, clears the marks and style sheet, removes the click listener. */
  stop(): void;
}

export function startHighlighting(
  window: Window,
  defaultCountry: string,
  ask: (e164: string, extension?: string) => void,
  acceptEvent?: AcceptEvent,
): Highlighting {
  const highlights = new NumberHighlights(window.document);
  const scanner = new PageScanner(window.document, highlights, defaultCountry);
  const stopClicks = askOnNumberClicks(window, highlights, ask, acceptEvent);
  scanner.start();
  return {
    scanner,
    highlights,
    stop() {
      scanner.stop();
      stopClicks();
      highlights.dispose();
    },
  };
}
