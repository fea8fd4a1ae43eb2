/**
 * Every region's numbering plan for the popup, read from the package (numbering-plans.txt, about 15 KB: as JS it would
 * not fit the popup's size budget). Until it is read, numbers written with + and North American ones are read.
 */
import { signal } from '@angular/core';
import { useNumberingPlans } from '../../../shared/src/lib/phone/numbering-plan';
import { NUMBERING_PLANS_FILE_NAME } from '../../../shared/src/lib/phone/numbering-plan-lines';

const registered = signal(0);
let reading: Promise<void> | undefined;

/** Registers plan lines with the detector. */
export function registerNumberingPlans(lines: string): void {
  useNumberingPlans(lines);
  registered.update((count) => count + 1);
}

async function readPackagedPlans(): Promise<void> {
  try {
    const response = await fetch(NUMBERING_PLANS_FILE_NAME);
    if (response.ok) registerNumberingPlans(await response.text());
  } catch {
    // Not readable (never in a built extension): numbers without + stay unread except North American ones.
  }
}

/**
 * Read it in a computed that uses phone-preview.ts: the first read starts reading the package's table (once per
 * popup), and the computed runs again when plans are registered.
 */
export function numberingPlansRegistered(): number {
  reading ??= readPackagedPlans();
  return registered();
}
