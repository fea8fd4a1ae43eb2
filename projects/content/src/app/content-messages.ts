/** The runtime messages the content script sends and accepts, checked by hand so the script carries no zod (a spec proves them equal to the contract). */
import type { PageSettings, MessageType } from '@voipcom/shared';

// Type-only imports cost no bytes; these annotations fail to compile if the contract's strings change.
export const GET_PAGE_SETTINGS: typeof MessageType.GetPageSettings = 'content/get-settings';
export const PAGE_SETTINGS_CHANGED: typeof MessageType.PageSettingsChanged = 'content/settings-changed';
export const GET_SELECTED_NUMBER: typeof MessageType.GetSelectedNumber = 'content/get-selected-number';
export const ASK_TO_DIAL: typeof MessageType.AskToDial = 'call/ask';
export const REPORT_SELECTION: typeof MessageType.ReportSelection = 'content/selection';

/** Quiet everywhere: what applies before the background answers, when it cannot, and after sign-out. */
export const QUIET_SETTINGS: PageSettings = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contract's PageSettingsSchema: unknown keys are allowed there, as in zod's z.object. */
export function parsePageSettings(value: unknown): PageSettings | undefined {
  if (!isRecord(value)) return undefined;
  const { interceptTelLinks, highlightNumbers, defaultCountry } = value;
  if (typeof interceptTelLinks !== 'boolean' || typeof highlightNumbers !== 'boolean') return undefined;
  if (typeof defaultCountry !== 'string' || !/^[A-Z]{2}$/.test(defaultCountry)) return undefined;
  return { interceptTelLinks, highlightNumbers, defaultCountry };
}

/** PageSettingsReplySchema: the settings of an ok reply; undefined for an error reply or anything malformed. */
export function parsePageSettingsReply(value: unknown): PageSettings | undefined {
  return isRecord(value) && value['ok'] === true ? parsePageSettings(value['data']) : undefined;
}

/** PageSettingsChangedMessageSchema (strict: no other keys). */
export function parsePageSettingsChanged(value: unknown): PageSettings | undefined {
  if (!isRecord(value) || value['type'] !== PAGE_SETTINGS_CHANGED) return undefined;
  return Object.keys(value).length === 2 ? parsePageSettings(value['settings']) : undefined;
}

/** GetSelectedNumberMessageSchema (strict). */
export function isGetSelectedNumber(value: unknown): boolean {
  return isRecord(value) && value['type'] === GET_SELECTED_NUMBER && Object.keys(value).length === 1;
}
