/**
 * The extension's one text catalogue: `_locales/<language>/messages.json`, read through chrome.i18n, which picks
 * the browser's language (English when the catalogue lacks it). Keys are typed by the English file.
 */

import type English from '../_locales/en/messages.json';

/** Every message name; a key missing from the English catalogue does not compile. */
export type MessageKey = keyof typeof English;

/** The part of chrome.i18n the catalogue reads (specs hand in an English stand-in). */
export interface I18nApi {
  getMessage(name: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

/** A message cut around its first value, for templates that set that value apart (bold name, number). */
export interface MessageAround {
  before: string;
  after: string;
}

/** Marks where the first value goes; no message or value holds it. */
const MARK = '\u0000';

export class Catalogue {
  /**
   * The language to format numbers, dates and country names in: the browser's own tag (en-GB keeps day/month
   * order) when the catalogue speaks its language, else the catalogue's, so a page never mixes two languages.
   */
  readonly locale: string;

  constructor(private readonly i18n: I18nApi) {
    const language = i18n.getMessage('languageTag');
    const browser = i18n.getUILanguage();
    this.locale = browser.toLowerCase().split('-')[0] === language ? browser : language;
  }

  /** The catalogue's language, e.g. "es": the `lang` of the extension's pages. */
  get language(): string {
    return this.i18n.getMessage('languageTag');
  }

  /** The message `key` with its $1… filled from `values`. */
  text(key: MessageKey, ...values: string[]): string {
    return this.i18n.getMessage(key, values);
  }

  /** The message `key` cut where its first value goes; `values` fill the others ($2…). */
  around(key: MessageKey, ...values: string[]): MessageAround {
    const [before = '', after = ''] = this.i18n.getMessage(key, [MARK, ...values]).split(MARK);
    return { before, after };
  }

  /** A country's name in the page's language ("Mexico", "México", "Mexique"). */
  country(code: string): string {
    return new Intl.DisplayNames(this.locale, { type: 'region' }).of(code) ?? code;
  }
}
