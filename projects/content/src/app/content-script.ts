/** The content script's state machine: quiet until the background says otherwise, and quiet again on request. */
import type { PageSettings } from '@voipcom/shared';
import { useNumberingPlans } from '../../../shared/src/lib/phone/numbering-plan';
import { isGetSelectedNumber, parsePageSettingsChanged, QUIET_SETTINGS } from './content-messages';
import type { ContentEdge } from './content-edge';
import { type Highlighting, startHighlighting } from './highlighting';
import { reportSelectedNumbers } from './observers/selection-reports';
import { selectedNumber } from './selected-number';
import { interceptTelLinks } from './tel-links';
import type { AcceptEvent } from './user-clicks';

export interface ContentScriptOptions {
  window: Window;
  edge: ContentEdge;
  /** Which events count as the user's own (user-clicks.ts). */
  acceptEvent?: AcceptEvent;
}

export class ContentScript {
  private settings: PageSettings = QUIET_SETTINGS;
  /** Bumped by every settings change message, so a late answer to the first request cannot undo it. */
  private settingsVersion = 0;
  /** Stops what active settings started (tel: links, selection reports); undefined while quiet. */
  private stopActive: (() => void) | undefined;
  private highlighting: Highlighting | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: ContentScriptOptions) {}

  /** The highlighting in force, if any (specs look at its marks). */
  get activeHighlighting(): Highlighting | undefined {
    return this.highlighting;
  }

  /**
   * The injection's own task only listens; the settings are asked in a task of their own, and the answer (another
   * task) starts the rest, whose scanning runs in idle-time slices (page-scanner.ts).
   */
  async start(): Promise<void> {
    this.stopListening = this.options.edge.listen((message, reply) => this.onMessage(message, reply));
    const version = this.settingsVersion;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const settings = await this.options.edge.getSettings();
    if (settings !== undefined && version === this.settingsVersion) this.apply(settings);
  }

  /** Stops everything, listening included (the specs' teardown; a page never needs it). */
  dispose(): void {
    this.apply(QUIET_SETTINGS);
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private onMessage(message: unknown, reply: (response: unknown) => void): boolean {
    const changed = parsePageSettingsChanged(message);
    if (changed !== undefined) {
      this.settingsVersion++;
      this.apply(changed);
      return false;
    }
    if (!isGetSelectedNumber(message) || !this.settings.interceptTelLinks) return false;
    // Only the focused frame, with a visible number selected, answers (selected-number.ts).
    const selected = selectedNumber(this.options.window, this.settings.defaultCountry);
    if (selected === undefined) return false;
    reply(selected);
    return true;
  }

  private apply(settings: PageSettings): void {
    const { edge, window, acceptEvent } = this.options;
    // The default country's plan comes with the settings (the script carries no region table): the detector reads with it.
    useNumberingPlans(settings.numberingPlan);
    // A new default country changes what counts as a number: start over.
    const countryChanged = settings.defaultCountry !== this.settings.defaultCountry;
    if (this.stopActive !== undefined && (!settings.interceptTelLinks || countryChanged)) {
      this.stopActive();
      this.stopActive = undefined;
    }
    if (settings.interceptTelLinks && this.stopActive === undefined) {
      const stopTelLinks = interceptTelLinks(
        window,
        settings.defaultCountry,
        (e164, extension) => edge.askToDial(e164, 'tel-link', extension),
        acceptEvent,
      );
      const stopReports = reportSelectedNumbers(window, settings.defaultCountry, (number) => edge.reportSelection(number));
      this.stopActive = () => {
        stopTelLinks();
        stopReports();
      };
    }
    const highlight = settings.interceptTelLinks && settings.highlightNumbers;
    if (this.highlighting !== undefined && (!highlight || countryChanged)) {
      this.highlighting.stop();
      this.highlighting = undefined;
    }
    if (highlight && this.highlighting === undefined) {
      this.highlighting = startHighlighting(
        window,
        settings.defaultCountry,
        (e164, extension) => edge.askToDial(e164, 'highlight', extension),
        acceptEvent,
      );
    }
    this.settings = settings;
  }
}
