/** Number highlighting for one page and one default country: scanner, marks, dial control, and their clean stop. */
import { NumberHighlights } from './highlights/number-highlights';
import { PageScanner } from './observers/page-scanner';
import { DialControl } from './widgets/dial-control';
import { showControlOnNumberClicks } from './widgets/number-clicks';

export interface Highlighting {
  readonly scanner: PageScanner;
  readonly highlights: NumberHighlights;
  /** Disconnects the observer, clears the marks and style sheet, removes the control and its listeners. */
  stop(): void;
}

export function startHighlighting(
  window: Window,
  defaultCountry: string,
  dial: (e164: string) => void,
  acceptEvent?: (event: Event) => boolean,
): Highlighting {
  const highlights = new NumberHighlights(window.document);
  const scanner = new PageScanner(window.document, highlights, defaultCountry);
  const control = new DialControl(window.document, acceptEvent);
  const stopClicks = showControlOnNumberClicks(window, highlights, control, dial, acceptEvent);
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
