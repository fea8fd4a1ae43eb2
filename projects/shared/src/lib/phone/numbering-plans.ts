/**
 * Every region's numbering plan line (generated table, about 14 KB) for Node and specs. The extension's bundles do
 * not import it (their size budgets): the build writes it to numbering-plans.txt, which the background and popup fetch.
 */
import { NUMBERING_PLANS } from './numbering-plans.generated';
import { useNumberingPlans } from './numbering-plan';
import { numberingPlanLineIn } from './numbering-plan-lines';

/** The table line of a region ("" when libphonenumber has no plan for it). */
export function numberingPlanLine(region: string): string {
  return numberingPlanLineIn(NUMBERING_PLANS, region);
}

/** Registers every region's plan with the detector (popup, background, tests). */
export function useAllNumberingPlans(): void {
  useNumberingPlans(NUMBERING_PLANS);
}
