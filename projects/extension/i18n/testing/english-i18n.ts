/** chrome.i18n as Chrome answers it for an English browser, from the real English catalogue, for specs. */
import english from '../../_locales/en/messages.json';
import type { I18nApi } from '../catalogue';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const ENTRIES: Record<string, Entry> = english;

/** Chrome's substitution: $NAME$ → its placeholder's content ($1…), then $1… → the values. */
export function englishI18n(uiLanguage = 'en-US'): I18nApi {
  return {
    getUILanguage: () => uiLanguage,
    getMessage(name, substitutions) {
      const entry = ENTRIES[name];
      if (entry === undefined) return '';
      const values = [substitutions ?? []].flat();
      return entry.message
        .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, placeholder: string) => entry.placeholders?.[placeholder.toLowerCase()]?.content ?? whole)
        .replace(/\$(\d)/g, (_whole, index: string) => values[Number(index) - 1] ?? '');
    },
  };
}
