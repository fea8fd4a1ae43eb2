import { telUriToE164 } from './tel-uri';
import { useAllNumberingPlans } from './numbering-plans';

// Every region's plan, as the popup has; the content script is handed only the user's country's.
useAllNumberingPlans();

describe('telUriToE164', () => {
  it('reads global numbers with any visual separators', () => {
    expect(telUriToE164('tel:+1-310-555-0142', 'US')).toBe('+13105550142');
    expect(telUriToE164('tel:+44%2020%207946%200018', 'US')).toBe('+442079460018');
    expect(telUriToE164('TEL:+1.900.555.0123', 'GB')).toBe('+19005550123');
  });

  it("reads numbers without + with the user's default country, not anyone else's", () => {
    expect(telUriToE164('tel:(646)%20555-0173', 'US')).toBe('+16465550173');
    expect(telUriToE164('tel:020%207946%200018', 'GB')).toBe('+442079460018');
    // The example: a Mexico-set user must not dial +1 551 234 5678.
    expect(telUriToE164('tel:55%201234%205678', 'MX')).toBe('+525512345678');
    expect(telUriToE164('tel:55%201234%205678', 'US')).toBeUndefined();
  });

  it('drops parameters and the query', () => {
    expect(telUriToE164('tel:+1-212-555-0100;ext=42', 'US')).toBe('+12125550100');
    expect(telUriToE164('tel:+12125550100?body=hi', 'US')).toBe('+12125550100');
  });

  it('refuses what is not exactly one number', () => {
    for (const href of [
      'tel:',
      'tel:call-me',
      'tel:%E0%A4%A',
      'tel:+1 212 555 0100 or +1 212 555 0199',
      'tel:2125550100x',
      'tel:911',
      `tel:+1${'2'.repeat(70)}`,
      'tel:javascript:alert(1)',
      'mailto:+12125550100',
      'tel:１２１２５５５０１００',
    ]) {
      expect([href, telUriToE164(href, 'US')]).toEqual([href, undefined]);
    }
  });
});
