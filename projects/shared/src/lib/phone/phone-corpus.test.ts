/** Precision and recall on the labeled corpus, against libphonenumber-js's in the same run. */
import { resolve } from 'node:path';
import { libphonenumberDetector, ourDetector } from './testing/detectors';
import { loadPhoneCorpus, loadRegionCorpus, REGION_CASE_KINDS, regionCases, scoreDetector } from './testing/phone-corpus';

const corpus = loadPhoneCorpus(resolve(__dirname, '../../../../..'));
const ours = scoreDetector(corpus, ourDetector);
const baseline = scoreDetector(corpus, libphonenumberDetector);

describe('findPhoneNumbers on shared/corpus/phone-cases.json', () => {
  it('reads every case of the corpus', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(164);
  });

  it('reaches the precision and recall measured when it was written', () => {
    expect(ours.failedCases).toEqual([]);
    expect(ours.precision).toBe(1);
    expect(ours.recall).toBe(1);
    expect(ours.exactSpans).toBe(ours.truePositives);
  });

  it('is at least as precise and complete as libphonenumber-js', () => {
    expect(ours.precision).toBeGreaterThanOrEqual(baseline.precision);
    expect(ours.recall).toBeGreaterThanOrEqual(baseline.recall);
  });
});

describe('findPhoneNumbers on the region cases (testing/region-cases.json), each read with its own default country', () => {
  const regions = loadRegionCorpus();

  it('has positive cases of every kind but negatives, and negatives, in the regions of issue 25', () => {
    for (const kind of REGION_CASE_KINDS) {
      const cases = regions.cases.filter((testCase) => testCase.kind === kind);
      expect({ kind, cases: cases.length }).toEqual({ kind, cases: expect.any(Number) });
      expect(cases.length).toBeGreaterThanOrEqual(10);
    }
    const countries = new Set(regions.cases.map((testCase) => testCase.defaultCountry));
    expect([...countries]).toEqual(expect.arrayContaining(['AR', 'IT', 'FR', 'DE', 'AU', 'ID', 'NZ', 'SG', 'PL']));
  });

  it.each(REGION_CASE_KINDS)('finds every %s case exactly, and nothing else', (kind) => {
    const score = scoreDetector(
      regionCases(regions, (testCase) => testCase.kind === kind),
      ourDetector,
    );
    expect(score.failedCases).toEqual([]);
    expect(score.exactSpans).toBe(score.truePositives);
  });

  it('is at least as precise and complete as libphonenumber-js over all of them', () => {
    const cases = regionCases(regions, () => true);
    const ours = scoreDetector(cases, ourDetector);
    const baseline = scoreDetector(cases, libphonenumberDetector);
    expect(ours.precision).toBeGreaterThanOrEqual(baseline.precision);
    expect(ours.recall).toBeGreaterThanOrEqual(baseline.recall);
  });
});
