/**
 * `npx tsx scripts/phone/numbering-plans.ts`: turns libphonenumber-js's metadata into the compact numbering-plan
 * table the detector ships (projects/shared/src/lib/phone/numbering-plans.generated.ts). The output is committed so
 * that every build, Karma and Jest run reads the same table without running this first; a Jest test regenerates it
 * and fails when it differs (a libphonenumber-js upgrade then means running this script once).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Metadata, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.min.json';
import packageJson from 'libphonenumber-js/package.json';

const PHONE_DIR = resolve(__dirname, '../../projects/shared/src/lib/phone');
export const NUMBERING_PLANS_FILE = resolve(PHONE_DIR, 'numbering-plans.generated.ts');
export const CALLING_CODES_FILE = resolve(PHONE_DIR, 'calling-codes.generated.ts');

/** What the generator reads of libphonenumber-js's numbering plan (its typings leave these out); 0 stands for none. */
interface PlanMetadata {
  callingCode(): string;
  IDDPrefix(): string | 0 | undefined;
  nationalPrefix(): string | 0 | undefined;
  nationalPrefixForParsing(): string | 0 | undefined;
  nationalPrefixTransformRule(): string | 0 | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[];
  formats(): {
    leadingDigitsPatterns(): string[];
    nationalPrefixFormattingRule(): string | 0 | undefined;
    nationalPrefixIsOptionalWhenFormattingInNationalFormat(): boolean;
  }[];
}

type MetadataWithNonGeographic = MetadataJson & { nonGeographic: Record<string, unknown> };

/** Every region (sorted) and then every non-geographic calling code, each with its plan. */
function plans(): { key: string; plan: PlanMetadata }[] {
  const json = metadataJson as unknown as MetadataWithNonGeographic;
  const metadata = new Metadata(json);
  return [...Object.keys(json.countries).sort(), ...Object.keys(json.nonGeographic).sort()].map((key) => {
    metadata.selectNumberingPlan(key as never);
    const plan = (metadata as unknown as { numberingPlan?: PlanMetadata }).numberingPlan;
    if (plan === undefined) throw new Error(`numbering plans: no plan for ${key}`);
    return { key, plan };
  });
}

/** Fields are separated by spaces and lines by newlines; a pattern holding either would break the table. */
function field(value: string, region: string): string {
  if (/[\s`]|\$\{/.test(value)) throw new Error(`numbering plans: ${region} has a field the table cannot hold: ${value}`);
  return value;
}

/** Whether the IDD pattern dials a string starting with 00 (then "00" cannot also be read as a generic prefix). */
function iddStartsWith00(idd: string): boolean {
  const pattern = new RegExp(`^(?:${idd})$`);
  for (let length = 2; length <= 6; length++) {
    for (let tail = 0; tail < 10 ** (length - 2); tail++) {
      if (pattern.test(`00${length > 2 ? String(tail).padStart(length - 2, '0') : ''}`)) return true;
    }
  }
  return false;
}

/** One line per region (and per non-geographic calling code): see the reader in numbering-plans.ts. */
export function numberingPlanLines(): string[] {
  return plans().map(({ key, plan }) => {
    const code = plan.callingCode();
    // 0 stands for "none" in the min metadata.
    const nationalPrefix = plan.nationalPrefix() || '';
    const forParsing = plan.nationalPrefixForParsing() || '';
    const transform = plan.nationalPrefixTransformRule() || '';
    const idd = plan.IDDPrefix() || '';
    // "00" as well when it cannot be confused with the region's own prefix: NANP writers often use it for 011.
    const prefixes = idd === '' || iddStartsWith00(idd) ? idd : `${idd}|00`;
    if (code === '1') return [key, code, field(prefixes, key)].join(' ');
    // Numbers written nationally without the national prefix: formats whose rule has no prefix or makes it optional.
    const bare =
      nationalPrefix === ''
        ? ''
        : plan
            .formats()
            .filter((format) => {
              const rule = format.nationalPrefixFormattingRule() || '';
              return !rule.includes(nationalPrefix) || format.nationalPrefixIsOptionalWhenFormattingInNationalFormat();
            })
            .map((format) => format.leadingDigitsPatterns()[0] ?? '\\d')
            .join('|');
    return [
      key,
      code,
      field(prefixes, key),
      field(nationalPrefix, key),
      field(forParsing === nationalPrefix ? '' : forParsing, key),
      field(transform, key),
      field(plan.nationalNumberPattern(), key),
      field(bare, key),
    ]
      .join(' ')
      .trimEnd();
  });
}

/** "1-3,5" for [1, 2, 3, 5]. */
function lengthRanges(lengths: readonly number[]): string {
  const sorted = [...new Set(lengths)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let index = 0; index < sorted.length; index++) {
    const first = sorted[index] ?? 0;
    let last = first;
    while (sorted[index + 1] === last + 1) last = sorted[++index] ?? last;
    ranges.push(last === first ? `${first}` : `${first}-${last}`);
  }
  return ranges.join(',');
}

/** Every calling code with the national number lengths of all its regions, and the North American regions. */
export function callingCodesSource(): string {
  const lengths = new Map<string, number[]>();
  const nanp: string[] = [];
  for (const { key, plan } of plans()) {
    const code = plan.callingCode();
    if (code === '1' && /^[A-Z]{2}$/.test(key)) nanp.push(key);
    lengths.set(code, [...(lengths.get(code) ?? []), ...plan.possibleLengths()]);
  }
  const codes = [...lengths].sort(([a], [b]) => a.localeCompare(b)).map(([code, list]) => `${code}:${lengthRanges(list)}`);
  return [
    `/** Generated by scripts/phone/numbering-plans.ts from libphonenumber-js ${packageJson.version} metadata: do not edit. */`,
    '',
    '/** Each calling code and the national number lengths behind it ("54:10-11"), space-separated. */',
    `export const CALLING_CODE_LENGTHS = '${codes.join(' ')}';`,
    '',
    '/** The regions of the North American Numbering Plan (calling code 1). */',
    `export const NANP_REGIONS = '${nanp.join(' ')}';`,
    '',
  ].join('\n');
}

export function numberingPlansSource(): string {
  return [
    `/** Generated by scripts/phone/numbering-plans.ts from libphonenumber-js ${packageJson.version} metadata: do not edit. */`,
    '',
    '/**',
    ' * One line per region (ISO code) or non-geographic calling code, fields separated by spaces: key, calling code,',
    ' * international dialling prefixes (pattern), national prefix, national prefix for parsing (pattern, when it',
    ' * differs), its transform rule, national number pattern, leading digits of numbers written without the national',
    ' * prefix (pattern). North American lines stop after the prefixes: those numbers are checked by their NXX shape.',
    ' */',
    `export const NUMBERING_PLANS = String.raw\`${numberingPlanLines().join('\n')}\`;`,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(NUMBERING_PLANS_FILE, numberingPlansSource());
  writeFileSync(CALLING_CODES_FILE, callingCodesSource());
  console.log(`numbering plans: wrote ${NUMBERING_PLANS_FILE} and ${CALLING_CODES_FILE}`);
}
