/** Folds look-alike characters (full-width and Arabic-Indic digits, Unicode dashes and spaces) to ASCII without moving any index. */

// Every character here is one UTF-16 unit and so is its replacement: offsets in the folded text are offsets in the page.
// Ranges in code-point order and few of them (the whole full-width ( to 9 block): V8 scans such a class several times
// faster than the same set written in more ranges (measured: 17 ranges were 3 to 4 times slower than 15). Tab, CR and
// no-break space, the foldable characters page text is full of, are left to native string search: with them the class
// also tested every ASCII character against its low ranges (the fold took twice as long on the corpus pages).
const FOLDABLE = /[\u0660-\u0669\u06F0-\u06F9\u2000-\u200A\u2010-\u2015\u202F\u205F\u2212\u3000\uFE58\uFE63\uFF08-\uFF19]/g;

function fold(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff08 && code <= 0xff19) return String.fromCharCode(code - 0xfee0); // full-width ( ) * + , - . / 0-9
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0630); // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06c0); // Extended (Persian, Urdu) digits
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63) return '-';
  return ' ';
}

/** The same text with phone-number punctuation and digits in ASCII; `folded.length === text.length`. */
export function foldPhoneText(text: string): string {
  let folded = text.includes('\t') ? text.replaceAll('\t', ' ') : text;
  if (folded.includes('\u00A0')) folded = folded.replaceAll('\u00A0', ' ');
  if (folded.includes('\r')) folded = folded.replaceAll('\r', '\n');
  return folded.replace(FOLDABLE, fold);
}
