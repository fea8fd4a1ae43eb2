/** Where a phone number may start and end in text, so that IDs, prices, URLs and longer digit runs are not read as numbers. */

/** Characters that glue a digit run to what comes before: words, currency, URL and query punctuation. */
const GLUED_BEFORE = /[\p{L}\p{N}\p{Sc}_+/=#@&%~^*\\]/u;
/** Characters that glue a digit run to what follows. */
const GLUED_AFTER = /[\p{N}\p{Sc}_@%]/u;
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;
/** "x12", "ext. 12", "extension 12" directly after a number: the number still counts (without the extension). */
const EXTENSION = /^(?:x|ext|extn|extension)\.? ?\d/i;

/** Whether a number may start at `start` ("SKU AB7735550128", "INV-...", "12.310..." may not). */
export function startsCleanly(text: string, start: number): boolean {
  const before = text[start - 1];
  if (before === undefined) return true;
  if (GLUED_BEFORE.test(before)) return false;
  const previous = text[start - 2] ?? '';
  if (before === '-') return !LETTER_OR_DIGIT.test(previous);
  return !((before === '.' || before === ',' || before === ':') && DIGIT.test(previous));
}

/** Whether a number may end at `end` ("...0142xyz", "...0142/profile", "...0142.5", "...0142%" may not). */
export function endsCleanly(text: string, end: number): boolean {
  const after = text[end];
  if (after === undefined) return true;
  if (GLUED_AFTER.test(after)) return false;
  if (LETTER.test(after)) return EXTENSION.test(text.slice(end, end + 12));
  return !('-.,/:+'.includes(after) && LETTER_OR_DIGIT.test(text[end + 1] ?? ''));
}
