/** The labeled phone-number corpora (shared/corpus/phone-cases.json beside the repo, region-cases.json here) and precision/recall over them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { CountryCodeSchema } from '../../contract/http-api';

const LabelSchema = z.object({ raw: z.string(), e164: z.string().check(z.regex(/^\+\d{8,15}$/)) });

const PhoneCorpusSchema = z.object({
  defaultCountry: CountryCodeSchema,
  cases: z.array(z.object({ id: z.string(), category: z.string(), text: z.string(), expected: z.array(LabelSchema) })),
});
export type PhoneCorpus = z.infer<typeof PhoneCorpusSchema>;

/** The kinds of issue 25: national formats, international dialling prefixes, the text around a number, negatives. */
export const REGION_CASE_KINDS = ['national', 'idd', 'boundaries', 'negative'] as const;

const RegionCorpusSchema = z.object({
  about: z.string(),
  cases: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(REGION_CASE_KINDS),
      defaultCountry: CountryCodeSchema,
      text: z.string(),
      expected: z.array(LabelSchema),
    }),
  ),
});
export type RegionCorpus = z.infer<typeof RegionCorpusSchema>;

/** A detector under test: numbers found in text as (raw, e164) pairs. */
export type Detector = (text: string, defaultCountry: string) => { raw: string; e164: string }[];

export interface DetectorScore {
  precision: number;
  recall: number;
  truePositives: number;
  found: number;
  expected: number;
  /** True positives whose raw text is exactly the labeled span. */
  exactSpans: number;
  /** Case ids with a missed or a spurious number. */
  failedCases: string[];
}

/** The corpus folder: `shared/corpus` next to the repository clone (CI checks both out side by side). */
export function corpusDirectory(repoRoot: string): string {
  return resolve(repoRoot, '..', 'shared', 'corpus');
}

export function loadPhoneCorpus(repoRoot: string): PhoneCorpus {
  const json: unknown = JSON.parse(readFileSync(resolve(corpusDirectory(repoRoot), 'phone-cases.json'), 'utf8'));
  return PhoneCorpusSchema.parse(json);
}

/** The region cases (testing/region-cases.json): each case read with its own default country. */
export function loadRegionCorpus(): RegionCorpus {
  return RegionCorpusSchema.parse(JSON.parse(readFileSync(resolve(__dirname, 'region-cases.json'), 'utf8')));
}

/** The region cases as a scorable corpus, keeping only cases that `keep` accepts. */
export function regionCases(corpus: RegionCorpus, keep: (testCase: RegionCorpus['cases'][number]) => boolean): ScorableCase[] {
  return corpus.cases.filter(keep).map((testCase) => ({ ...testCase, category: testCase.kind }));
}

/** A labeled case with the default country it is read with. */
export interface ScorableCase {
  id: string;
  text: string;
  defaultCountry: string;
  expected: { raw: string; e164: string }[];
}

/** The cases of the shared corpus, each with the corpus's default country. */
export function phoneCases(corpus: PhoneCorpus): ScorableCase[] {
  return corpus.cases.map((testCase) => ({ ...testCase, defaultCountry: corpus.defaultCountry }));
}

/** A find counts when its E.164 matches a labeled number of the same case not matched yet. */
export function scoreDetector(corpus: PhoneCorpus | readonly ScorableCase[], detect: Detector): DetectorScore {
  const cases = 'cases' in corpus ? phoneCases(corpus) : corpus;
  let truePositives = 0;
  let found = 0;
  let expected = 0;
  let exactSpans = 0;
  const failedCases: string[] = [];
  for (const testCase of cases) {
    const remaining = [...testCase.expected];
    const finds = detect(testCase.text, testCase.defaultCountry);
    for (const find of finds) {
      const index = remaining.findIndex((label) => label.e164 === find.e164);
      if (index < 0) continue;
      if (remaining[index]?.raw === find.raw) exactSpans++;
      remaining.splice(index, 1);
      truePositives++;
    }
    if (remaining.length > 0 || finds.length !== testCase.expected.length) failedCases.push(testCase.id);
    found += finds.length;
    expected += testCase.expected.length;
  }
  return {
    precision: found === 0 ? 1 : truePositives / found,
    recall: expected === 0 ? 1 : truePositives / expected,
    truePositives,
    found,
    expected,
    exactSpans,
    failedCases,
  };
}
