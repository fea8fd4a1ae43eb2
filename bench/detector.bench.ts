/** Detector benchmark: findPhoneNumbers against libphonenumber-js's findPhoneNumbersInText, in the same run —
 * throughput over the corpus pages' text, precision/recall on the labeled cases (the shared corpus, and the region
 * cases per kind and per default country), minified size. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { BenchSection } from './types';
import { libphonenumberDetector, ourDetector } from '../projects/shared/src/lib/phone/testing/detectors';
import {
  corpusDirectory,
  loadPhoneCorpus,
  loadRegionCorpus,
  phoneCases,
  REGION_CASE_KINDS,
  regionCases,
  scoreDetector,
  type Detector,
  type DetectorScore,
} from '../projects/shared/src/lib/phone/testing/phone-corpus';
import { runStandalone } from './report';

const REPO_ROOT = resolve(__dirname, '..');
/** Each detector runs over all pages for at least this long in all (split in rounds), after one warm-up pass. */
const MIN_RUN_MS = 1_500;
const ROUNDS = 5;

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

/** Megabytes (UTF-8) of page text scanned per second of this process's CPU time, over at least `ms` of wall time. */
function throughput(detect: Detector, texts: readonly string[], country: string, bytes: number, ms: number): number {
  let passes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < ms) {
    texts.forEach((text) => detect(text, country));
    passes++;
  }
  const used = process.cpuUsage(cpu);
  return (bytes * passes) / 1e6 / ((used.user + used.system) / 1e6);
}

/**
 * Ours and libphonenumber-js's throughput, measured in alternating rounds and summed up as medians: on a shared
 * machine wall time counts other processes' work, and two long runs one after the other meet different loads.
 */
function throughputs(texts: readonly string[], country: string): { ours: number; baseline: number; ratio: number } {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  texts.forEach((text) => (ourDetector(text, country), libphonenumberDetector(text, country)));
  const ours: number[] = [];
  const baseline: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(throughput(ourDetector, texts, country, bytes, MIN_RUN_MS / ROUNDS));
    baseline.push(throughput(libphonenumberDetector, texts, country, bytes, MIN_RUN_MS / ROUNDS));
    ratios.push((ours[round] ?? 0) / (baseline[round] ?? 1));
  }
  return { ours: median(ours), baseline: median(baseline), ratio: median(ratios) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
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
const times = (value: number): string => `${value.toFixed(2)}x`;
const counts = (score: DetectorScore): string => `${score.truePositives}/${score.found} found, ${score.expected} labeled`;
/** "P 100.0% R 93.3% (14/15/15)": precision, recall, true positives / finds / labeled. */
const brief = (score: DetectorScore): string =>
  `P ${percent(score.precision)} R ${percent(score.recall)} (${score.truePositives}/${score.found}/${score.expected})`;
/** Default countries whose national reading the throughput is also measured with (plans without NANP's shortcut). */
const OTHER_COUNTRIES = ['DE', 'AR', 'IT', 'PL'];

export async function benchDetector(): Promise<BenchSection> {
  const corpus = loadPhoneCorpus(REPO_ROOT);
  const texts = corpusPageTexts();
  const ours = scoreDetector(corpus, ourDetector);
  const baseline = scoreDetector(corpus, libphonenumberDetector);
  const regions = loadRegionCorpus();
  const allCases = [...phoneCases(corpus), ...regionCases(regions, () => true)];
  const oursAll = scoreDetector(allCases, ourDetector);
  const baselineAll = scoreDetector(allCases, libphonenumberDetector);
  const scoreBoth = (keep: Parameters<typeof regionCases>[1]): { value: string; baseline: string } => {
    const cases = regionCases(regions, keep);
    return { value: brief(scoreDetector(cases, ourDetector)), baseline: brief(scoreDetector(cases, libphonenumberDetector)) };
  };
  const kindRows = REGION_CASE_KINDS.map((kind) => ({ metric: `region cases: ${kind}`, ...scoreBoth((c) => c.kind === kind) }));
  const countries = [...new Set(regions.cases.map((c) => c.defaultCountry))].sort();
  const countryRows = countries.map((country) => ({
    metric: `region cases read as ${country}`,
    ...scoreBoth((c) => c.defaultCountry === country),
  }));
  const speed = throughputs(texts, corpus.defaultCountry);
  const otherSpeeds = OTHER_COUNTRIES.map((country) => {
    const { ours: value, baseline: base, ratio: median } = throughputs(texts, country);
    return {
      metric: `throughput read as ${country} (MB/s of CPU time, goal >= 5x)`,
      value: value.toFixed(1),
      baseline: base.toFixed(1),
      ratio: times(median),
    };
  });
  // What the content script carries: the detector and the plan reader, not the table (handed over with the settings).
  const ourSize = minifiedBytes(
    "export { findPhoneNumbers } from './projects/shared/src/lib/phone/find-phone-numbers'; export { useNumberingPlans } from './projects/shared/src/lib/phone/numbering-plan';",
  );
  const tableSize = minifiedBytes("export { useAllNumberingPlans } from './projects/shared/src/lib/phone/numbering-plans';");
  const baselineSize = minifiedBytes("export { findPhoneNumbersInText } from 'libphonenumber-js/max';");
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  return {
    title: `Phone-number detector vs libphonenumber-js (${corpus.cases.length} labeled cases, ${regions.cases.length} region cases; ${texts.length} pages, ${megabytes.toFixed(2)} MB of text)`,
    rows: [
      { metric: 'precision', value: percent(ours.precision), baseline: percent(baseline.precision) },
      { metric: 'recall', value: percent(ours.recall), baseline: percent(baseline.recall) },
      { metric: 'true positives / finds', value: counts(ours), baseline: counts(baseline) },
      { metric: 'exact spans', value: `${ours.exactSpans}`, baseline: `${baseline.exactSpans}` },
      {
        metric: 'all cases, shared + region (goal: recall >= baseline)',
        value: brief(oursAll),
        baseline: brief(baselineAll),
      },
      ...kindRows,
      ...countryRows,
      {
        metric: 'throughput on page text (MB/s of CPU time, goal >= 5x)',
        value: speed.ours.toFixed(1),
        baseline: speed.baseline.toFixed(1),
        ratio: times(speed.ratio),
      },
      ...otherSpeeds,
      {
        metric: 'minified size (KB)',
        value: (ourSize / 1024).toFixed(1),
        baseline: (baselineSize / 1024).toFixed(1),
        ratio: ratio(ourSize, baselineSize),
      },
      { metric: "every region's plan table (KB, background/popup only)", value: (tableSize / 1024).toFixed(1) },
    ],
  };
}

if (require.main === module) runStandalone(benchDetector);
