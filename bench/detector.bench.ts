/** Detector benchmark: findPhoneNumbers against libphonenumber-js's findPhoneNumbersInText, in the same run —
 * throughput over the corpus pages' text, precision/recall on the labeled cases, minified size. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { BenchSection } from './types';
import { libphonenumberDetector, ourDetector } from '../projects/shared/src/lib/phone/testing/detectors';
import {
  corpusDirectory,
  loadPhoneCorpus,
  scoreDetector,
  type Detector,
  type DetectorScore,
} from '../projects/shared/src/lib/phone/testing/phone-corpus';
import { runStandalone } from './report';

const REPO_ROOT = resolve(__dirname, '..');
/** Each detector runs over all pages for at least this long, after one warm-up pass. */
const MIN_RUN_MS = 1_500;

/** Visible-ish text of each corpus page: scripts, styles and tags removed crudely, entities left as written. */
function corpusPageTexts(): string[] {
  const pages = join(corpusDirectory(REPO_ROOT), 'pages');
  return readdirSync(pages)
    .filter((name) => name.endsWith('.html'))
    .map((name) =>
      readFileSync(join(pages, name), 'utf8')
        .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' '),
    );
}

/** Megabytes (UTF-8) of page text scanned per second. */
function throughput(detect: Detector, texts: readonly string[], country: string): number {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  texts.forEach((text) => detect(text, country));
  let passes = 0;
  const started = performance.now();
  while (performance.now() - started < MIN_RUN_MS) {
    texts.forEach((text) => detect(text, country));
    passes++;
  }
  const seconds = (performance.now() - started) / 1000;
  return (bytes * passes) / 1e6 / seconds;
}

/** Minified bytes of a module exporting one function, bundled the way the content script would be. */
function minifiedBytes(contents: string): number {
  const result = buildSync({
    stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const ratio = (value: number, baseline: number): string => `${(value / baseline).toFixed(2)}x`;
const counts = (score: DetectorScore): string => `${score.truePositives}/${score.found} found, ${score.expected} labeled`;

export async function benchDetector(): Promise<BenchSection> {
  const corpus = loadPhoneCorpus(REPO_ROOT);
  const texts = corpusPageTexts();
  const ours = scoreDetector(corpus, ourDetector);
  const baseline = scoreDetector(corpus, libphonenumberDetector);
  const ourSpeed = throughput(ourDetector, texts, corpus.defaultCountry);
  const baselineSpeed = throughput(libphonenumberDetector, texts, corpus.defaultCountry);
  const ourSize = minifiedBytes(
    "export { findPhoneNumbers } from './projects/shared/src/lib/phone/find-phone-numbers';",
  );
  const baselineSize = minifiedBytes("export { findPhoneNumbersInText } from 'libphonenumber-js/max';");
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  return {
    title: `Phone-number detector vs libphonenumber-js (${corpus.cases.length} labeled cases; ${texts.length} pages, ${megabytes.toFixed(2)} MB of text)`,
    rows: [
      { metric: 'precision', value: percent(ours.precision), baseline: percent(baseline.precision) },
      { metric: 'recall', value: percent(ours.recall), baseline: percent(baseline.recall) },
      { metric: 'true positives / finds', value: counts(ours), baseline: counts(baseline) },
      { metric: 'exact spans', value: `${ours.exactSpans}`, baseline: `${baseline.exactSpans}` },
      {
        metric: 'throughput on page text (MB/s)',
        value: ourSpeed.toFixed(1),
        baseline: baselineSpeed.toFixed(1),
        ratio: ratio(ourSpeed, baselineSpeed),
      },
      {
        metric: 'minified size (KB)',
        value: (ourSize / 1024).toFixed(1),
        baseline: (baselineSize / 1024).toFixed(1),
        ratio: ratio(ourSize, baselineSize),
      },
    ],
  };
}

if (require.main === module) runStandalone(benchDetector);
