/** The runtime messages the content script sends and accepts, checked without zod (zod would be 450 KB here). */
import type { ContentConfig, MessageType } from '@voipcom/shared';

// Type-only imports cost no bytes; these annotations fail to compile if the contract's strings change.
export const GET_CONTENT_CONFIG: typeof MessageType.GetContentConfig = 'content/get-config';
export const CONTENT_CONFIG_CHANGED: typeof MessageType.ContentConfigChanged = 'content/config-changed';
export const GET_SELECTED_NUMBER: typeof MessageType.GetSelectedNumber = 'content/get-selected-number';
export const ASK_TO_DIAL: typeof MessageType.AskToDial = 'call/ask';
export const REPORT_SELECTION: typeof MessageType.ReportSelection = 'content/selection';

/** Quiet everywhere: what applies before the background answers, when it cannot, and after sign-out. */
export const QUIET_CONFIG: ContentConfig = { interceptTelLinks: false, highlightNumbers: false, defaultCountry: 'US' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ContentConfigSchema: unknown keys are allowed there, as in zod's z.object. */
export function parseContentConfig(value: unknown): ContentConfig | undefined {
  if (!isRecord(value)) return undefined;
  const { interceptTelLinks, highlightNumbers, defaultCountry } = value;
  if (typeof interceptTelLinks !== 'boolean' || typeof highlightNumbers !== 'boolean') return undefined;
  if (typeof defaultCountry !== 'string' || !/^[A-Z]{2}$/.test(defaultCountry)) return undefined;
  return { interceptTelLinks, highlightNumbers, defaultCountry };
}

/** ContentConfigReplySchema: the config of an ok reply; undefined for an error reply or anything malformed. */
export function parseContentConfigReply(value: unknown): ContentConfig | undefined {
  return isRecord(value) && value['ok'] === true ? parseContentConfig(value['data']) : undefined;
}

/** ContentConfigChangedMessageSchema (strict: no other keys). */
export function parseContentConfigChanged(value: unknown): ContentConfig | undefined {
  if (!isRecord(value) || value['type'] !== CONTENT_CONFIG_CHANGED) return undefined;
  return Object.keys(value).length === 2 ? parseContentConfig(value['config']) : undefined;
}

/** GetSelectedNumberMessageSchema (strict). */
export function isGetSelectedNumber(value: unknown): boolean {
  return isRecord(value) && value['type'] === GET_SELECTED_NUMBER && Object.keys(value).length === 1;
}
