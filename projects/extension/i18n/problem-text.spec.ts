import { Catalogue } from './catalogue';
import { problemText } from './problem-text';
import { englishI18n } from './testing/english-i18n';

describe('problemText', () => {
  const texts = new Catalogue(englishI18n());

  it('tells how long to wait when rate limited', () => {
    expect(problemText(texts, { code: 'rate_limited', message: 'x', retryAfter: 1 })).toBe('Too many attempts. Try again in 1 second.');
    expect(problemText(texts, { code: 'rate_limited', message: 'x', retryAfter: 90 })).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it('uses its own sentence, never the message that came with the code', () => {
    expect(problemText(texts, { code: 'session_expired', message: 'whatever the Worker said' })).toBe(
      'Your session expired, sign in again.',
    );
    expect(problemText(texts, { code: 'upstream_error', message: 'Device busy.' })).not.toContain('Device busy.');
  });

  it('tells the extension’s own cases of one code apart by their detail', () => {
    expect(problemText(texts, { code: 'no_number', message: 'x' })).toBe('No phone number found in the selected text.');
  });

  it('says which of the organisation’s rules refused a number, the country named in the page’s language', () => {
    const refused = (refusal: NonNullable<Parameters<typeof problemText>[1]['refusal']>) =>
      problemText(texts, { code: 'number_not_allowed', message: 'x', refusal });
    expect(refused({ code: 'country_not_allowed', country: 'CU' })).toBe('Your organisation does not allow calls to Cuba.');
    expect(refused({ code: 'country_not_allowed' })).toBe('Your organisation does not allow calls outside its countries.');
    expect(refused({ code: 'class_not_allowed', numberClass: 'mobile', by: 'organisation' })).toBe(
      'Your organisation does not allow calls to this kind of number.',
    );
    expect(refused({ code: 'class_not_allowed', numberClass: 'premium_rate', by: 'service' })).toContain('premium-rate');
    expect(refused({ code: 'do_not_call' })).toBe('This number is on your organisation’s do-not-call list.');
    const spanish = new Catalogue({
      ...englishI18n('es'),
      getMessage: (name, values) => (name === 'languageTag' ? 'es' : englishI18n().getMessage(name, values)),
    });
    expect(
      problemText(spanish, { code: 'number_not_allowed', message: 'x', refusal: { code: 'country_not_allowed', country: 'MX' } }),
    ).toContain('México');
  });

  it('formats the wait in the page’s language', () => {
    const spanish = new Catalogue({
      ...englishI18n('es'),
      getMessage: (name, values) => (name === 'languageTag' ? 'es' : englishI18n().getMessage(name, values)),
    });
    expect(problemText(spanish, { code: 'rate_limited', message: 'x', retryAfter: 120 })).toContain('2 minutos');
  });
});
