/** The runtime messages the content script sends and accepts, checked by hand so the script carries no zod (a spec proves them equal to the contract). */
import type { PageSettings } from '@voipcom/shared';
// The zod-free modules of the contract, by path: the message names and the country pattern, written once.
import { MessageType } from '../../../shared/src/lib/contract/message-type';
import { COUNTRY_CODE_PATTERN, isNumberingPlanOf } from '../../../shared/src/lib/contract/patterns';

/** Quiet everywhere: what applies before the background answers, when it cannot, and after sign-out. */
export const QUIET_SETTINGS: PageSettings = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US', numberingPlan: '' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contract's PageSettingsSchema: unknown keys are allowed there, as in zod's z.object. */
export function parsePageSettings(value: unknown): PageSettings | undefined {
  if (!isRecord(value)) return undefined;
  const { interceptTelLinks, highlightNumbers, defaultCountry, numberingPlan } = value;
  if (typeof interceptTelLinks !== 'boolean' || typeof highlightNumbers !== 'boolean') return undefined;
  if (typeof defaultCountry !== 'string' || !COUNTRY_CODE_PATTERN.test(defaultCountry)) return undefined;
  if (typeof numberingPlan !== 'string' || !isNumberingPlanOf(numberingPlan, defaultCountry)) return undefined;
  return { interceptTelLinks, highlightNumbers, defaultCountry, numberingPlan };
}

/** PageSettingsReplySchema: the settings of an ok reply; undefined for an error reply or anything malformed. */
export function parsePageSettingsReply(value: unknown): PageSettings | undefined {
  return isRecord(value) && value['ok'] === true ? parsePageSettings(value['data']) : undefined;
}

/** PageSettingsChangedMessageSchema (strict: no other keys). */
export function parsePageSettingsChanged(value: unknown): PageSettings | undefined {
  if (!isRecord(value) || value['type'] !== MessageType.PageSettingsChanged) return undefined;
  return Object.keys(value).length === 2 ? parsePageSettings(value['settings']) : undefined;
}

/** GetSelectedNumberMessageSchema (strict). */
export function isGetSelectedNumber(value: unknown): boolean {
  return isRecord(value) && value['type'] === MessageType.GetSelectedNumber && Object.keys(value).length === 1;
}
