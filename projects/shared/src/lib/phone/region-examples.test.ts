/** Beyond the corpus: every region's example number (libphonenumber-js metadata as the oracle) is read right. */
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { findPhoneNumbers } from './find-phone-numbers';
import { useAllNumberingPlans } from './numbering-plans';

// Every region's plan, as the popup has; the content script is handed only the user's country's.
useAllNumberingPlans();

const regions = getCountries().flatMap((region) => {
  const example = getExampleNumber(region, examples);
  return example === undefined ? [] : [{ region, example }];
});

/** Regions whose national numbers (trunk prefix 0, NANP, or fixed-length without trunk) the detector reads without +; CN mobiles have no 0. */
const NATIONAL_REGIONS: CountryCode[] = [
  'US',
  'CA',
  'PR',
  'JM',
  'GB',
  'DE',
  'FR',
  'NL',
  'BE',
  'CH',
  'AT',
  'SE',
  'FI',
  'IE',
  'AU',
  'NZ',
  'ZA',
  'IN',
  'JP',
  'KR',
  'IL',
  'TR',
  'MX',
  'ES',
  'PT',
  'PL',
  'CZ',
  'GR',
  'DK',
  'NO',
];

describe('findPhoneNumbers on every region example', () => {
  it('has examples for most regions', () => {
    expect(regions.length).toBeGreaterThan(200);
  });

  it.each(['international', 'E.164', 'international with dashes'])('reads each written %s', (style) => {
    const misses = regions.flatMap(({ region, example }) => {
      const international = example.formatInternational();
      const written = style === 'E.164' ? example.number : style === 'international' ? international : international.replace(/ /g, '-');
      const found = findPhoneNumbers(`Call ${written} now`).map((number) => number.e164);
      return found.length === 1 && found[0] === example.number ? [] : [`${region} ${written} -> ${found.join()}`];
    });
    expect(misses).toEqual([]);
  });

  it.each(NATIONAL_REGIONS)('reads the national format of %s with that default country', (region) => {
    const example = getExampleNumber(region, examples);
    const national = example?.formatNational() ?? '';
    const found = findPhoneNumbers(`Call ${national} now`, { defaultCountry: region }).map((number) => number.e164);
    expect(found).toEqual([example?.number]);
  });
});
