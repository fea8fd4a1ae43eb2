/** The content script's state machine: quiet until the background says otherwise, and quiet again on request. */
import type { ContentConfig } from '@voipcom/shared';
import { isGetSelectedNumber, parseContentConfigChanged, QUIET_CONFIG } from './content-config';
import type { ContentEdge } from './content-edge';
import { type Highlighting, startHighlighting } from './highlighting';
import { reportSelectedNumbers } from './observers/selection-reports';
import { selectedNumber } from './selected-number';
import { interceptTelLinks } from './tel-links';

export interface ContentScriptOptions {
  window: Window;
  edge: ContentEdge;
  /** Which events count as the user's own; real user input (isTrusted) unless a spec says otherwise. */
  acceptEvent?: (event: Event) => boolean;
}

export class ContentScript {
  private config: ContentConfig = QUIET_CONFIG;
  /** Bumped by every config change message, so a late answer to the first request cannot undo it. */
  private configVersion = 0;
  /** Stops what an active config started (tel: links, selection reports); undefined while quiet. */
  private stopActive: (() => void) | undefined;
  private highlighting: Highlighting | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: ContentScriptOptions) {}

  /** The highlighting in force, if any (specs look at its marks). */
  get activeHighlighting(): Highlighting | undefined {
    return this.highlighting;
  }

  async start(): Promise<void> {
    this.stopListening = this.options.edge.listen((message, reply) => this.onMessage(message, reply));
    const version = this.configVersion;
    const config = await this.options.edge.getConfig();
    if (config !== undefined && version === this.configVersion) this.apply(config);
  }

  /** Stops everything, listening included (the specs' teardown; a page never needs it). */
  dispose(): void {
    this.apply(QUIET_CONFIG);
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private onMessage(message: unknown, reply: (response: unknown) => void): boolean {
    const changed = parseContentConfigChanged(message);
    if (changed !== undefined) {
      this.configVersion++;
      this.apply(changed);
      return false;
    }
    if (!isGetSelectedNumber(message) || !this.config.interceptTelLinks) return false;
    // Only the focused frame, with a visible number selected, answers (selected-number.ts).
    const number = selectedNumber(this.options.window, this.config.defaultCountry);
    if (number === undefined) return false;
    reply({ number });
    return true;
  }

  private apply(config: ContentConfig): void {
    const { edge, window, acceptEvent } = this.options;
    // A new default country changes what counts as a number: start over.
    const countryChanged = config.defaultCountry !== this.config.defaultCountry;
    if (this.stopActive !== undefined && (!config.interceptTelLinks || countryChanged)) {
      this.stopActive();
      this.stopActive = undefined;
    }
    if (config.interceptTelLinks && this.stopActive === undefined) {
      const stopTelLinks = interceptTelLinks(window, config.defaultCountry, (e164) => edge.askToDial(e164, 'tel-link'), acceptEvent);
      const stopReports = reportSelectedNumbers(window, config.defaultCountry, (number) => edge.reportSelection(number));
      this.stopActive = () => {
        stopTelLinks();
        stopReports();
      };
    }
    const highlight = config.interceptTelLinks && config.highlightNumbers;
    if (this.highlighting !== undefined && (!highlight || countryChanged)) {
      this.highlighting.stop();
      this.highlighting = undefined;
    }
    if (highlight && this.highlighting === undefined) {
      this.highlighting = startHighlighting(window, config.defaultCountry, (e164) => edge.askToDial(e164, 'highlight'), acceptEvent);
    }
    this.config = config;
  }
}
