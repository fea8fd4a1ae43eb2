/** Where a phone number may start and end in text, so that IDs, prices, URLs and longer digit runs are not read as numbers. */

/** Characters that glue a digit run to what comes before: words (with their combining marks), currency, URL and query punctuation. */
const GLUED_BEFORE = /[\p{L}\p{M}\p{N}\p{Sc}_+=#@&%~^*\\]/u;
/** Characters that glue a digit run to what follows. */
const GLUED_AFTER = /[\p{M}\p{N}\p{Sc}_@%]/u;
/** Scripts written without spaces between words: a number touches the text around it ("请拨打650-253-0000联系"). */
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const LETTER = /\p{L}/u;
const LOWERCASE = /\p{Ll}/u;
const UPPERCASE = /\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;
/** "x12", "ext. 12", "extension 12" directly after a number: the number still counts (without the extension). */
const EXTENSION = /^(?:x|ext|extn|extension)\.? ?\d/i;

/** Whether a number may start at `start` ("SKU AB7735550128", "INV-...", "12.310...", "...0000--650..." may not). */
export function startsCleanly(text: string, start: number): boolean {
  const before = text[start - 1];
  if (before === undefined) return true;
  const previous = text[start - 2] ?? '';
  // "Fax+44 ...", "Phone(650) ...": a + or ( ends the word before it.
  if (LETTER.test(before)) return UNSPACED_SCRIPT.test(before) || text[start] === '+' || text[start] === '(';
  // Right after another number's slash: kept only when that number is found too (see pairedAcrossSlashes).
  if (before === '/') return DIGIT.test(previous);
  if (GLUED_BEFORE.test(before)) return false;
  // "number-650-...": a dash after a lowercase word; "INV-0004", "310-5550" and "--" join instead.
  if (before === '-') return LOWERCASE.test(previous) || (!LETTER_OR_DIGIT.test(previous) && previous !== '-');
  return !((before === '.' || before === ',' || before === ':') && DIGIT.test(previous));
}

/** Whether a number may end at `end` ("...0142xyz", "...0142/profile", "...0142.5", "...0142%", "...0000--650" may not). */
export function endsCleanly(text: string, end: number): boolean {
  const after = text[end];
  if (after === undefined) return true;
  if (GLUED_AFTER.test(after)) return false;
  if (LETTER.test(after)) return UNSPACED_SCRIPT.test(after) || EXTENSION.test(text.slice(end, end + 12));
  const next = text[end + 1] ?? '';
  // "...0000.Thank you": a sentence ends there; "...0000.html" is a file name.
  if (after === '.' && UPPERCASE.test(next)) return true;
  // Right before a slash and digits: kept only when the number after it is found too (see pairedAcrossSlashes).
  if (after === '/') return !LETTER.test(next);
  if (after === '-' && next === '-') return false;
  return !('-.,:+'.includes(after) && LETTER_OR_DIGIT.test(next));
}
