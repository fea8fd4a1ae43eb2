/**
 * How a typed number will be dialled, read by the shared detector: the same reading the content script makes of a
 * page, so the preview is always exactly the number the Worker receives.
 */
import { findPhoneNumbers } from '../../../shared/src/lib/phone/find-phone-numbers';
import { leadingCallingCode } from '../../../shared/src/lib/phone/calling-codes';
import { registeredRegions } from '../../../shared/src/lib/phone/numbering-plan';
import { foldPhoneText } from '../../../shared/src/lib/phone/fold-phone-text';
import { extensionAfter } from '../../../shared/src/lib/phone/phone-extension';

export type PhonePreview = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'valid'; e164: string; extension?: string };

/**
 * Valid when the field holds exactly one number and nothing else, as a tel: link must (shared tel-uri.ts), or one
 * number and its extension ("(480) 555-0100 ext. 234"): the number is dialled, the extension shown.
 */
export function previewNumber(input: string, defaultCountry: string): PhonePreview {
  const written = input.trim();
  if (written === '') return { kind: 'empty' };
  const found = findPhoneNumbers(written, { defaultCountry });
  const [only] = found;
  if (found.length !== 1 || only === undefined || only.start !== 0) return { kind: 'invalid' };
  if (only.end === written.length) return { kind: 'valid', e164: only.e164 };
  const extension = extensionAfter(foldPhoneText(written), only.end);
  return extension?.end === written.length ? { kind: 'valid', e164: only.e164, extension: extension.digits } : { kind: 'invalid' };
}

/**
 * "+52 5512345678": the calling code set apart, so the country a number rings in is plain to see; North American
 * numbers in their fixed 3-3-4 groups ("+1 212 555 0123"), the one plan whose grouping needs no metadata.
 */
export function spacedE164(e164: string): string {
  const code = leadingCallingCode(e164.slice(1));
  if (code === undefined) return e164;
  const national = e164.slice(1 + code.length);
  return code === '1' && national.length === 10
    ? `+1 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`
    : `+${code} ${national}`;
}

/** The regions whose national numbers (written without +) the detector reads: every region whose plan is registered (numbering-plans-loader.ts). */
export function countryCodes(): string[] {
  return registeredRegions();
}
