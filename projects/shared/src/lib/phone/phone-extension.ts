/**
 * Extensions: the digits to dial once a call is answered, written after a number ("(480) 555-0100 ext. 234",
 * "x234", "#234", "ext 234") or as a tel: URI's ";ext=" parameter (RFC 3966). DOM-free and small: the content
 * script carries it. The number is dialled; the extension is only shown (the PBX API has no way to send digits).
 */
import { endsCleanly } from './number-boundaries';

/** At most this many digits: longer runs after "x" or "#" are other numbers (an order number, a year range). */
const MAX_DIGITS = 7;
/**
 * After the number: an optional comma, up to two spaces, then a marker and the digits. "ext", "ext.", "extn",
 * "extension" (a colon or one space may follow) take 1+ digits; "x" or "x." takes digits right after it, or 2+
 * after one space ("x 3 copies" is no extension); "#" takes 2+ digits right after it ("#1 in sales" is none).
 * Case-insensitive; the text is already folded (foldPhoneText).
 */
const SUFFIX = /,? {0,2}(?:ext(?:ension|n)?\.?:? ?|x\.?(?=\d)|x\.? (?=\d\d)|#(?=\d\d))(\d{1,7})/iy;
/** RFC 3966 `;ext=` with its phonedigits (digits and visual separators). */
const TEL_EXTENSION = /;ext=([\d().-]{1,20})(?:;|$)/i;

/** A number found in text (its end), with the extension written after it once read. */
interface NumberWithExtension {
  end: number;
  extension?: string;
}

/** The extension written right after a number that ends at `end` in `text` (folded: see foldPhoneText), and where it ends. */
export function extensionAfter(text: string, end: number): { digits: string; end: number } | undefined {
  SUFFIX.lastIndex = end;
  const digits = SUFFIX.exec(text)?.[1];
  // The digits must end the extension: "x12-15" (a range), "#2024a", "x1234567890" are not extensions.
  return digits !== undefined && endsCleanly(text, SUFFIX.lastIndex) ? { digits, end: SUFFIX.lastIndex } : undefined;
}

/** Sets `extension` on each found number that has one written after it. */
export function withExtensions<T extends NumberWithExtension>(text: string, found: T[]): T[] {
  for (const number of found) {
    const extension = extensionAfter(text, number.end)?.digits;
    if (extension !== undefined) number.extension = extension;
  }
  return found;
}

/** The digits of a tel: URI's `;ext=` parameter ("tel:+14805550100;ext=234"), or undefined. */
export function telUriExtension(href: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    return undefined;
  }
  // Only the number's own parameters: a query ("?body=") is not part of the number.
  const digits = TEL_EXTENSION.exec(decoded.split('?', 1)[0] ?? '')?.[1]?.replace(/\D/g, '');
  return digits && digits.length <= MAX_DIGITS ? digits : undefined;
}

/** Whether `digits` may be sent and shown as an extension (what the contract's schema checks too). */
export const EXTENSION_PATTERN = /^\d{1,7}$/;
