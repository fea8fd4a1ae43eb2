/** Every region's numbering plan line (generated table, about 14 KB): for the background, popup and tests, never the content script. */
import { NUMBERING_PLANS } from './numbering-plans.generated';
import { useNumberingPlans } from './numbering-plan';

/** The table line of a region ("" when libphonenumber has no plan for it): what the page settings hand the content script. */
export function numberingPlanLine(region: string): string {
  // Searching "\n" + table finds the first line too; the offset found is the line's start in the table.
  const start = `\n${NUMBERING_PLANS}`.indexOf(`\n${region} `);
  if (start < 0) return '';
  const end = NUMBERING_PLANS.indexOf('\n', start);
  return NUMBERING_PLANS.slice(start, end < 0 ? undefined : end);
}

/** Registers every region's plan with the detector (popup, background, tests). */
export function useAllNumberingPlans(): void {
  useNumberingPlans(NUMBERING_PLANS);
}

/** Every region with a numbering plan (ISO codes only). */
export function numberingPlanRegions(): string[] {
  return NUMBERING_PLANS.split('\n').flatMap((line) => {
    const region = line.slice(0, line.indexOf(' '));
    return /^[A-Z]{2}$/.test(region) ? [region] : [];
  });
}
