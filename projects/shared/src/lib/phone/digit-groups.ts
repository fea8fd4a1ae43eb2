/** Reads the digit groups a phone number is written as ("44 (0)121 496-0789"), one separator between groups. */

export interface DigitGroup {
  digits: string;
  /** Offset just past the group in the text. */
  end: number;
  /** Written in parentheses, like an area code "(0121)" or a trunk prefix "(0)". */
  parenthesized: boolean;
}

const SEPARATOR = / ?[-.] ?| {1,2}|\n/y;
const GROUP = /(\d+)|\((\d{1,5})\)/y;
/** Longer than any E.164 number with its prefix: stop reading there. */
const MAX_DIGITS = 18;

/**
 * The groups starting at `from` in folded text (see foldPhoneText); empty when no digit group starts there.
 * `continued`: a group was read just before `from`, so a separator may come first.
 */
export function readDigitGroups(text: string, from: number, continued = false): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let position = from;
  let total = 0;
  while (total <= MAX_DIGITS) {
    let next = position;
    SEPARATOR.lastIndex = position;
    if ((continued || groups.length > 0) && SEPARATOR.test(text)) next = SEPARATOR.lastIndex;
    GROUP.lastIndex = next;
    const group = GROUP.exec(text);
    if (group === null) break;
    const digits = group[1] ?? group[2] ?? '';
    groups.push({ digits, end: GROUP.lastIndex, parenthesized: group[1] === undefined });
    total += digits.length;
    position = GROUP.lastIndex;
  }
  return groups;
}
