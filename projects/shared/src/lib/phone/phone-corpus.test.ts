/** Precision and recall on the labeled corpus, against libphonenumber-js's in the same run. */
import { resolve } from 'node:path';
import { libphonenumberDetector, ourDetector } from './testing/detectors';
import { loadPhoneCorpus, scoreDetector } from './testing/phone-corpus';

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
