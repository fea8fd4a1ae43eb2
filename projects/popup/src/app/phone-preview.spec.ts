import { previewNumber } from './phone-preview';

describe('previewNumber', () => {
  it('gives E.164 for a national number in the default country', () => {
    expect(previewNumber('(212) 555-0123', 'US')).toEqual(jasmine.objectContaining({ kind: 'valid', e164: '+12125550123' }));
  });

  it('honours an explicit country code over the default country', () => {
    expect(previewNumber('+44 20 7946 0958', 'US')).toEqual(jasmine.objectContaining({ kind: 'valid', e164: '+442079460958' }));
  });

  it('calls an incomplete number invalid and an empty field empty', () => {
    expect(previewNumber('555-01', 'US')).toEqual({ kind: 'invalid' });
    expect(previewNumber('  ', 'US')).toEqual({ kind: 'empty' });
  });
});
