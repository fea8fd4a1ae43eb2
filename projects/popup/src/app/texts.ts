/** The popup's way to the text catalogue: the `text` and `problem` pipes for templates, TEXTS for component code. */
import { DOCUMENT, inject, InjectionToken, Pipe, type PipeTransform } from '@angular/core';
import type { MessageError } from '@voipcom/shared';
import { Catalogue, type MessageKey } from '../../../extension/i18n/catalogue';
import { problemText } from '../../../extension/i18n/problem-text';
import { CHROME } from '../../../extension/chrome/chrome';

export const TEXTS = new InjectionToken<Catalogue>('texts', {
  providedIn: 'root',
  factory: () => new Catalogue(inject(CHROME).i18n),
});

/** `{{ 'signIn' | text }}`, `{{ 'pauseOnSite' | text: site }}`: a message of the catalogue in the browser's language. */
@Pipe({ name: 'text' })
export class TextPipe implements PipeTransform {
  private readonly texts = inject(TEXTS);

  transform(key: MessageKey, ...values: string[]): string {
    return this.texts.text(key, ...values);
  }
}

/**
 * `{{ error | problem }}`: the one way the popup shows a problem. A problem is a `MessageError` wherever it comes
 * from (the state's `problem`, a reply's `error`, a dial's outcome) and is shown by its code, in the extension's words.
 */
@Pipe({ name: 'problem' })
export class ProblemPipe implements PipeTransform {
  private readonly texts = inject(TEXTS);

  transform(problem: MessageError): string {
    return problemText(this.texts, problem);
  }
}

/**
 * Gives the page the catalogue's language (`lang`, for screen readers and hyphenation) and its title (the
 * confirmation window shows it in its title bar). Call from a root component's constructor.
 */
export function localisePage(): void {
  const texts = inject(TEXTS);
  const document = inject(DOCUMENT);
  document.documentElement.lang = texts.language;
  document.title = texts.text('extName');
}
