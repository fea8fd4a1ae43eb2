/** The committed plan tables are what scripts/phone/numbering-plans.ts makes of the installed libphonenumber-js metadata. */
import { readFileSync } from 'node:fs';
import {
  CALLING_CODES_FILE,
  callingCodesSource,
  NUMBERING_PLANS_FILE,
  numberingPlansSource,
} from '../../../../../scripts/phone/numbering-plans';
import { numberingPlanOf, registeredRegions, useNumberingPlans } from './numbering-plan';
import { numberingPlanLine, useAllNumberingPlans } from './numbering-plans';

describe('numbering plans generated from libphonenumber metadata', () => {
  it('are up to date (after a libphonenumber-js upgrade, run `npx tsx scripts/phone/numbering-plans.ts`)', () => {
    expect(readFileSync(NUMBERING_PLANS_FILE, 'utf8')).toBe(numberingPlansSource());
    expect(readFileSync(CALLING_CODES_FILE, 'utf8')).toBe(callingCodesSource());
  });

  it("have a line for every region, and each line parses to that region's plan", () => {
    useAllNumberingPlans();
    const regions = registeredRegions();
    expect(regions.length).toBeGreaterThan(240);
    const unread = regions.filter((region) => {
      const line = numberingPlanLine(region);
      useNumberingPlans(line);
      return !line.startsWith(`${region} `) || numberingPlanOf(region)?.region !== region;
    });
    expect(unread).toEqual([]);
    expect(numberingPlanLine('ZZ')).toBe('');
  });

  it("keep Singapore's own dialling prefixes only, so 0081 cannot also read as 00 then +81", () => {
    useNumberingPlans(numberingPlanLine('SG'));
    const idd = numberingPlanOf('SG')?.idd;
    expect(['001', '008', '019'].map((prefix) => idd?.test(prefix))).toEqual([true, true, true]);
    expect(idd?.test('00')).toBe(false);
  });
});
