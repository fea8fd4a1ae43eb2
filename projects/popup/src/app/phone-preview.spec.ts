import { countryCodes, previewNumber, spacedE164 } from './phone-preview';
import { NUMBERING_PLANS } from '../../../shared/src/lib/phone/numbering-plans.generated';
import { registerNumberingPlans } from './numbering-plans-loader';

// What the popup reads from the package's numbering-plans.txt (Karma serves no such file).
registerNumberingPlans(NUMBERING_PLANS);

describe('previewNumber', () => {
  it('gives E.164 for a national number in the default country', () => {
    expect(previewNumber('(212) 555-0123', 'US')).toEqual({ kind: 'valid', e164: '+12125550123' });
    expect(previewNumber(' 020 7946 0958 ', 'GB')).toEqual({ kind: 'valid', e164: '+442079460958' });
  });

  it('honours an explicit country code over the default country', () => {
    expect(previewNumber('+44 20 7946 0958', 'US')).toEqual({ kind: 'valid', e164: '+442079460958' });
  });

  it('calls an incomplete number, two numbers or a number with more text invalid, and an empty field empty', () => {
    expect(previewNumber('555-01', 'US')).toEqual({ kind: 'invalid' });
    expect(previewNumber('212-555-0123 212-555-0199', 'US')).toEqual({ kind: 'invalid' });
    expect(previewNumber('call 212-555-0123', 'US')).toEqual({ kind: 'invalid' });
    expect(previewNumber('  ', 'US')).toEqual({ kind: 'empty' });
  });
});

describe('the number shown for confirmation', () => {
  it('reads one number with its extension as valid, the extension apart', () => {
    expect(previewNumber('(480) 555-0100 ext. 234', 'US')).toEqual({ kind: 'valid', e164: '+14805550100', extension: '234' });
    expect(previewNumber('480-555-0100 x9', 'US')).toEqual({ kind: 'valid', e164: '+14805550100', extension: '9' });
    expect(previewNumber('480-555-0100 ext. 234 please', 'US')).toEqual({ kind: 'invalid' });
  });

  it('sets the calling code apart', () => {
    expect(spacedE164('+525512345678')).toBe('+52 5512345678');
    expect(spacedE164('+12125550123')).toBe('+1 212 555 0123');
  });

  it('offers every region with a numbering plan, and no code that is not a region', () => {
    expect(countryCodes()).toEqual(jasmine.arrayContaining(['US', 'CA', 'GB', 'DE', 'MX', 'ES', 'AR', 'IT', 'SG', 'BR']));
    expect(countryCodes().length).toBeGreaterThan(240);
    expect(countryCodes()).not.toContain('800');
  });
});
