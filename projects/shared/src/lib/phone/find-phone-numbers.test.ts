/** Unit cases for findPhoneNumbers: formats it must read, spans it must report, look-alikes it must skip. */
import { findPhoneNumbers } from './find-phone-numbers';
import { useAllNumberingPlans } from './numbering-plans';

// Every region's plan, as the popup has; the content script is handed only the user's country's.
useAllNumberingPlans();

/** The finds as "raw=e164" strings, the easiest form to read in a failure. */
function find(text: string, defaultCountry?: string): string[] {
  const options = defaultCountry === undefined ? {} : { defaultCountry };
  return findPhoneNumbers(text, options).map((found) => `${text.slice(found.start, found.end)}=${found.e164}`);
}

describe('findPhoneNumbers', () => {
  it.each([
    ['(310) 555-0142', '+13105550142'],
    ['310.555.0142', '+13105550142'],
    ['310 555 0142', '+13105550142'],
    ['1-310-555-0142', '+13105550142'],
    ['1 (310) 555-0142', '+13105550142'],
    ['+1 310 555 0142', '+13105550142'],
    ['+1 (310) 555-0142', '+13105550142'],
    ['+13105550142', '+13105550142'],
    ['3105550142', '+13105550142'],
    ['13105550142', '+13105550142'],
    ['(310)555-0142', '+13105550142'],
    ['310\u2011555\u20110142', '+13105550142'],
    ['(310)\u00a0555\u20130142', '+13105550142'],
    ['\uff13\uff11\uff10\uff0d\uff15\uff15\uff15\uff0d\uff10\uff11\uff14\uff12', '+13105550142'],
  ])('reads the NANP number %j', (written, e164) => {
    expect(find(`Call ${written} today`)).toEqual([`${written}=${e164}`]);
  });

  it.each([
    ['+44 20 7946 0123', '+442079460123'],
    ['+44 (0)121 496 0789', '+441214960789'],
    ['0044 131 496 0234', '+441314960234'],
    ['011 49 30 2312 5678', '+493023125678'],
    ['+33 1 45 67 89 01', '+33145678901'],
    ['+61298765432', '+61298765432'],
    ['+972 2-567-8901', '+97225678901'],
    ['+358 40 123 4567', '+358401234567'],
    ['\uff0b\uff14\uff14 \uff12\uff10 \uff17\uff19\uff14\uff16 \uff10\uff12\uff14\uff16', '+442079460246'],
  ])('reads the international number %j', (written, e164) => {
    expect(find(`Tel ${written}.`)).toEqual([`${written}=${e164}`]);
  });

  it('reports the span without the extension', () => {
    expect(find('Call 737-555-0158 x210 or (725) 555-0193 ext. 12 or 858.555.0104x9')).toEqual([
      '737-555-0158=+17375550158',
      '(725) 555-0193=+17255550193',
      '858.555.0104=+18585550104',
    ]);
  });

  it('returns several numbers in text order', () => {
    expect(find('Main: 202-555-0184 | Paris +33 1 45 67 89 01 / 1-888-555-0186')).toEqual([
      '202-555-0184=+12025550184',
      '+33 1 45 67 89 01=+33145678901',
      '1-888-555-0186=+18885550186',
    ]);
  });

  it('drops trailing groups that would make an international number too long', () => {
    expect(find('+44 20 7946 0123 - 24 hours')).toEqual(['+44 20 7946 0123=+442079460123']);
  });

  it.each([
    'Invoice date 11/28/2024',
    'Updated 2023-10-31T08:15:00-07:00',
    'Revenue $3,125,550,147',
    'Version 3.125.550.147',
    'Blocked 203.55.50.147',
    'Open 127.0.0.1:3000',
    'ISBN 978-0-13-468599-1',
    'Card 5555 5555 5555 4444',
    'Seattle, WA 98101-3143',
    'ts=1731234567',
    'ref=3105550148xyz',
    'https://example.org/u/6465550173/profile',
    'img_4695550123.jpg',
    'SKU AB7735550128',
    'INV-3105550142',
    'Ref 602555014733',
    'Account 310-555-01421',
    '(111) 555-0142',
    'Call (310) 155-0142',
    '1-023-456-7890',
    '(310) 911-0142',
    'Call 555-0142',
    '+33 1 42',
    '+999 12',
    'Call 1-888-PLUMBER',
    'dial725-555-0157today',
    'Fee 0.602555%',
    'Part No. 310-5550-142',
    'Confirmation: 7025-5501-38',
    'Acct 0012-3456-7890',
  ])('finds nothing in the look-alike %j', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('finds nothing in text without digits, and in empty text', () => {
    expect(find('Call us any time')).toEqual([]);
    expect(find('')).toEqual([]);
  });

  describe('with a default country outside the NANP', () => {
    it('reads national numbers behind trunk prefix 0', () => {
      expect(find('Ring 020 7946 0123 or (0121) 496 0789', 'GB')).toEqual(['020 7946 0123=+442079460123', '(0121) 496 0789=+441214960789']);
      expect(find('Anruf 030 12345678', 'DE')).toEqual(['030 12345678=+493012345678']);
    });

    it('does not read NANP national formats or 011 as an international prefix', () => {
      expect(find('Call (310) 555-0142', 'GB')).toEqual([]);
      // In GB "0114..." is Sheffield behind trunk 0, not a call to Germany.
      expect(find('011 49 30 2312 5678', 'GB')).not.toContainEqual(expect.stringMatching(/=\+49/));
      expect(find('011 49 30 2312 5678', 'FR')).toEqual([]);
    });

    it('still reads numbers written with +, including +1', () => {
      expect(find('Call +1 310 555 0142', 'DE')).toEqual(['+1 310 555 0142=+13105550142']);
    });

    it('does not read dates as trunk-0 numbers', () => {
      expect(find('Stand: 06.01.2025', 'DE')).toEqual([]);
    });

    it('reads national numbers of regions without a national prefix, where the 0 belongs to the number', () => {
      expect(find('Chiama 081 123 4567 o +39 081 123 4567', 'IT')).toEqual([
        '081 123 4567=+390811234567',
        '+39 081 123 4567=+390811234567',
      ]);
    });

    it('reads only + numbers for a region without a numbering plan', () => {
      expect(find('Call 081 123 4567 or +39 081 123 4567', 'ZZ')).toEqual(['+39 081 123 4567=+390811234567']);
    });
  });

  it('reads a national number for a lower-case region code too', () => {
    expect(find('Ring 020 7946 0123', 'gb')).toEqual(['020 7946 0123=+442079460123']);
  });
});

describe('national numbers without trunk prefix', () => {
  it('reads them for regions with fixed-length numbers, with that default country only', () => {
    expect(find('Llámenos al 55 1234 5678 hoy', 'MX')).toEqual(['55 1234 5678=+525512345678']);
    expect(find('Teléfono 912 345 678', 'ES')).toEqual(['912 345 678=+34912345678']);
    expect(find('Llámenos al 55 1234 5678 hoy', 'US')).toEqual([]);
  });

  it('does not read longer or shorter digit runs, dates or glued digits', () => {
    expect(find('Pedido 5512345678901, 12.05.2026, ABC5512345678', 'MX')).toEqual([]);
  });
});
