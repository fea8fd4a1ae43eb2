import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPhoneNumbers } from './find-phone-numbers';
import { extensionAfter, telUriExtension } from './phone-extension';
import { telUriToE164 } from './tel-uri';

interface ExtensionCase {
  id: string;
  text: string;
  expected: { raw: string; e164: string; extension?: string }[];
}

const corpus = JSON.parse(readFileSync(join(__dirname, 'testing', 'extension-cases.json'), 'utf8')) as {
  defaultCountry: string;
  cases: ExtensionCase[];
};

describe('numbers with extensions on the labeled extension cases', () => {
  it('has positive and negative cases', () => {
    expect(corpus.cases.filter((c) => c.expected.some((e) => e.extension !== undefined)).length).toBeGreaterThanOrEqual(12);
    expect(corpus.cases.filter((c) => c.id.startsWith('neg-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(corpus.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    const found = findPhoneNumbers(testCase.text, { defaultCountry: corpus.defaultCountry }).map((number) => ({
      raw: testCase.text.slice(number.start, number.end),
      e164: number.e164,
      ...(number.extension !== undefined && { extension: number.extension }),
    }));
    expect(found).toEqual(testCase.expected);
  });
});

describe('extensionAfter', () => {
  it('reads only right after the number it is given', () => {
    const text = 'Call 480-555-0100 today, ext. 234';
    expect(extensionAfter(text, 'Call 480-555-0100'.length)).toBeUndefined();
    expect(extensionAfter('480-555-0100 ext. 234 or', 12)).toEqual({ digits: '234', end: 21 });
  });
});

describe('tel: URIs with ;ext= (RFC 3966)', () => {
  it('reads the extension beside the number, which is dialled without it', () => {
    const href = 'tel:+14805550100;ext=234';
    expect(telUriToE164(href, 'US')).toBe('+14805550100');
    expect(telUriExtension(href)).toBe('234');
  });

  it('takes visual separators, other parameters, upper case and percent-encoding', () => {
    expect(telUriExtension('tel:+1-480-555-0100;EXT=2-34;phone-context=example.com')).toBe('234');
    expect(telUriExtension('tel:4805550100%3Bext%3D77')).toBe('77');
  });

  it('finds none where there is none, or where it is not an extension', () => {
    expect(telUriExtension('tel:+14805550100')).toBeUndefined();
    expect(telUriExtension('tel:+14805550100;isub=234')).toBeUndefined();
    expect(telUriExtension('tel:+14805550100?body=;ext=234')).toBeUndefined();
    expect(telUriExtension('tel:+14805550100;ext=12345678')).toBeUndefined();
    expect(telUriExtension('tel:+14805550100;ext=')).toBeUndefined();
    expect(telUriExtension('tel:+14805550100;ext=%E0%A4%A')).toBeUndefined();
  });
});
