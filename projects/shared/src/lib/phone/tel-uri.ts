/** Reads the number of a tel: URI (RFC 3966) as E.164 with the user's default country, as the content script sends it. */
import { findPhoneNumbers } from './find-phone-numbers';

/** Longer than any number written with separators: such a tel: text is not one number. */
const MAX_WRITTEN = 64;
/** What a dialable tel: number may hold: digits, one leading +, visual separators (RFC 3966 plus spaces), a prefix's pause "~". */
const WRITTEN_NUMBER = /^\+?[\d\s().~-]+$/;

/**
 * The E.164 number `href` dials, or undefined when it is not a tel: URI holding exactly one number. Parameters
 * (";ext=", ";phone-context=") and a query are not part of the number. Numbers without + are read as numbers of
 * `defaultCountry`, so the user's country decides, never the Worker's.
 */
export function telUriToE164(href: string, defaultCountry: string): string | undefined {
  if (!/^tel:/i.test(href)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.slice(4));
  } catch {
    return undefined;
  }
  const written = (decoded.split(/[;?]/, 1)[0] ?? '').trim();
  if (written.length > MAX_WRITTEN || !WRITTEN_NUMBER.test(written)) return undefined;
  const found = findPhoneNumbers(written, { defaultCountry });
  const [only] = found;
  // The whole text must be that one number: "tel:555-1234 2125550100" is not a number to guess from.
  return found.length === 1 && only !== undefined && only.start === 0 && only.end === written.length ? only.e164 : undefined;
}
