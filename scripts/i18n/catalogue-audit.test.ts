import { join } from 'node:path';
import { auditCatalogue, catalogueProblems, codeProblems, templateProblems, usageProblems, type Messages } from './catalogue-audit';

const ENGLISH: Messages = {
  signIn: { message: 'Sign in' },
  dialNumber: { message: 'Dial $NUMBER$', placeholders: { number: { content: '$1' } } },
};

describe('the text catalogue audit', () => {
  test('the extension’s catalogue and code pass it: three languages, every key used, no text outside it', () => {
    expect(auditCatalogue(join(__dirname, '..', '..'))).toEqual([]);
  });

  test('a key missing in a language, an extra key, an empty message or other placeholders fail', () => {
    const spanish: Messages = { signIn: { message: ' ' }, extra: { message: 'Más' } };
    const french: Messages = { signIn: { message: 'Se connecter' }, dialNumber: { message: 'Appeler' } };
    expect(catalogueProblems({ en: ENGLISH, es: spanish, fr: french })).toEqual([
      'es: key "signIn" is empty',
      'es: key "dialNumber" is missing',
      'es: key "extra" is not in the English catalogue',
      'fr: key "dialNumber" has placeholders [], English has ["number",":number"]',
    ]);
    expect(catalogueProblems({ en: ENGLISH, es: ENGLISH })).toEqual([
      'es: key "signIn" is the English text unchanged',
      'es: key "dialNumber" is the English text unchanged',
      'fr: no messages.json',
    ]);
  });

  test('English copied unchanged into Spanish or French fails, unless the message has no words or is listed as the same everywhere', () => {
    const english: Messages = {
      ...ENGLISH,
      extName: { message: 'Voipcom Click-to-Dial' },
      digits: { message: '1001' },
      pair: { message: '$A$. $B$' },
    };
    const spanish: Messages = { ...english, dialNumber: { message: 'Llamar al $NUMBER$', placeholders: { number: { content: '$1' } } } };
    const french: Messages = { ...english, signIn: { message: 'Se connecter' } };
    expect(catalogueProblems({ en: english, es: spanish, fr: french })).toEqual([
      'es: key "signIn" is the English text unchanged',
      'fr: key "dialNumber" is the English text unchanged',
    ]);
  });

  test('a key no code uses fails, and so does a manifest name the catalogue lacks', () => {
    const sources = [{ path: 'a.ts', text: "texts.text('signIn')" }];
    expect(usageProblems(ENGLISH, sources, '{"name": "__MSG_extName__"}')).toEqual([
      'key "dialNumber" is not used',
      'manifest: __MSG_extName__ is not in the catalogue',
    ]);
    expect(usageProblems(ENGLISH, [...sources, { path: 'b.ts', text: "{{ 'dialNumber' | text: n }}" }], '{}')).toEqual([]);
  });

  test('text written into a template fails: between tags, in text attributes, as a literal in a binding', () => {
    expect(templateProblems('t', '<h2 class="title">Sign in</h2>')).toEqual([
      't: "Sign" in a template is not from the catalogue',
      't: "in" in a template is not from the catalogue',
    ]);
    expect(templateProblems('t', '<button aria-label="Settings"></button>')).toEqual([
      't: attribute aria-label="Settings" is not from the catalogue',
    ]);
    expect(templateProblems('t', '<input placeholder="e.g. (212) 555-0100">')).toHaveLength(1);
    expect(templateProblems('t', "<b>{{ busy() ? 'Signing in…' : ('signIn' | text) }}</b>")).toEqual([
      "t: 'Signing in…' in a binding is not from the catalogue",
    ]);
    expect(templateProblems('t', `<p [attr.title]="x ? 'Too many attempts' : null"></p>`)).toHaveLength(1);
    expect(templateProblems('t', `<p [className]="x ? 'card call' : 'card'" [title]="'Call them now'"></p>`)).toEqual([
      "t: 'Call them now' in a binding is not from the catalogue",
    ]);
  });

  test('templates that take every text from the catalogue pass, control flow and ids included', () => {
    const template = `
      @if (call(); as call) {
        <section [className]="live() ? 'card stack call call-live' : 'card stack call'" [attr.aria-label]="'currentCall' | text" aria-describedby="hint hint-locked">
          @for (device of devices(); track device.id) { <option [value]="device.id">{{ device.label }}</option> }
          @let parts = around(x);
          @switch (kind) { @case ('valid') { {{ parts.before }}<b>{{ n }}</b> } @default { {{ 'dial' | text }} } }
        </section>
      } @else { <p>{{ 'signIn' | text }}</p> }`;
    expect(templateProblems('t', template)).toEqual([]);
  });

  test('prose in component code fails; console, errors, log-only messages and ids do not', () => {
    const code = [
      'const title = `Dial ${number}`;',
      "const label = 'your Voipcom account';",
      "console.warn('Click-to-Dial: the policy is ignored.');",
      "throw new Error('manifest template did not render');",
      "const NOT_HERE = { code: 'forbidden_sender', message: 'Click-to-Dial is paused on this site.' };",
      "const ids = 'country-hint country-locked';",
      "if (url.protocol === 'https:') {}",
    ].join('\n');
    expect(codeProblems({ path: 'x.ts', text: code })).toEqual([
      'x.ts: "Dial X" is user-visible text not from the catalogue',
      'x.ts: "your Voipcom account" is user-visible text not from the catalogue',
    ]);
  });
});
