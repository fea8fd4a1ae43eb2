/** Extension benchmarks in Chromium: bundle sizes, popup time to interactive, and the content script's cost on
 * the corpus pages, each beside a baseline measured in the same run (the same pages without the extension). */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { MessageType, StateReplySchema } from '@voipcom/shared';
import type { BenchSection } from './types';
import { minifyModuleFile } from '../scripts/build/minify-bundle';
import { EXTENSION_DIR, EXTENSION_ORIGIN, launchExtensionBrowser } from '../e2e/support/extension-browser';
import { startE2eStack } from '../e2e/support/local-stack';
import { startPageServer, type PageServer } from '../e2e/support/page-server';
import { hardPages } from './hard-pages';
import { printSection, runStandalone } from './report';

const CORPUS_PAGES = join(__dirname, '..', '..', 'shared', 'corpus', 'pages');
const PHONE_CASES = join(__dirname, '..', '..', 'shared', 'corpus', 'phone-cases.json');
const POPUP_OPENS = 15;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const LONG_TASK_RECORDER =
  '<script>window.__longTasks=[];new PerformanceObserver(l=>{for(const e of l.getEntries())' +
  'window.__longTasks.push(e.duration)}).observe({type:"longtask",buffered:true});</script>';

/** Adds a long-task recorder at the start of the page's head (or of the page). */
function withLongTaskRecorder(html: string): string {
  return html.replace(/<head[^>]*>/i, (head) => head + LONG_TASK_RECORDER).replace(/^(?![\s\S]*<head)/, LONG_TASK_RECORDER);
}

/** Corpus pages: their scripts are removed (we measure our content script, not the page's). */
function benchPage(html: string): string {
  return withLongTaskRecorder(html.replace(/<script\b[\s\S]*?<\/script>/gi, ''));
}

interface PageCost {
  /** Main-thread time spent in the content script (CPU profile samples under its URL). */
  contentScriptMs: number;
  /** The longest unbroken stretch of such samples: the longest task the content script caused. */
  contentScriptLongestMs: number;
  /** The functions most sampled in that stretch. */
  longestTop: string;
  /** The content script's CPU (thread time) in its longest single task, from a trace: without and with the garbage
   * collection its allocations triggered inside it. */
  task: { ownMs: number; withGcMs: number; gcInLongestMs: number };
  /** Main-thread time of any cause (every sample but idle): the page's own cost, for the baseline. */
  busyMs: number;
  /** The page's longest task of any cause (Long Tasks API). */
  longestTaskMs: number;
  highlighted: number;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

const SAMPLING_INTERVAL_US = 200;

/** A trace event as Chromium reports it (complete events: `ph` 'X', times in µs, `tdur` the thread's CPU time). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string } };
}

/** Trace categories with every task of the main thread and every script call in it, and thread times. */
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** Garbage collection, as the trace names its pauses and incremental steps (each at the top of its own nesting). */
const GC_EVENTS = new Set(['MajorGC', 'MinorGC', 'V8.GC_MC_INCREMENTAL']);

/**
 * The content script's CPU per task: per task of a thread where the content script ran (`RunTask`), the thread time
 * of the content script's outermost calls in it, and how much of that was garbage collection the calls' allocations
 * triggered. Thread time, not wall time: on a shared machine a task can be taken off the CPU for milliseconds, which
 * is the machine's load, not work the page waited for. `ownMs`: the longest task's time without garbage collection
 * (what the CPU profile's extension frames hold); `withGcMs`: the longest task's time with it.
 */
function taskCpu(events: TraceEvent[]): { ownMs: number; withGcMs: number; gcInLongestMs: number } {
  const ours = (event: TraceEvent): boolean =>
    (event.name === 'FunctionCall' || event.name === 'EvaluateScript') && (event.args?.data?.url ?? '').endsWith('/content/main.js');
  const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const within = (outer: TraceEvent, inner: TraceEvent): boolean => inner.ts >= outer.ts && inner.ts < outer.ts + (outer.dur ?? 0);
  const cpu = (event: TraceEvent): number => event.tdur ?? event.dur ?? 0;
  let own = 0;
  let withGc = 0;
  let gcInLongest = 0;
  const threads = new Set(complete.filter(ours).map((call) => `${call.pid}:${call.tid}`));
  for (const thread of threads) {
    // One pass in time order: a task, then the events inside it (nested ones after their parent).
    let task: TraceEvent | undefined;
    let outer: TraceEvent | undefined;
    let calls = 0;
    let gc = 0;
    const endTask = (): void => {
      own = Math.max(own, calls - gc);
      if (calls > withGc) [withGc, gcInLongest] = [calls, gc];
      calls = gc = 0;
      outer = undefined;
    };
    for (const event of complete) {
      if (`${event.pid}:${event.tid}` !== thread) continue;
      if (event.name === 'RunTask' && (task === undefined || !within(task, event))) {
        endTask();
        task = event;
      } else if (task === undefined || !within(task, event)) {
        continue;
      } else if (outer !== undefined && within(outer, event)) {
        if (GC_EVENTS.has(event.name)) gc += cpu(event);
      } else if (ours(event)) {
        outer = event;
        calls += cpu(event);
      }
    }
    endTask();
  }
  return { ownMs: own / 1000, withGcMs: withGc / 1000, gcInLongestMs: gcInLongest / 1000 };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Time in the content script, its longest unbroken stretch, and all non-idle time, from a sampled CPU profile. */
function profileTimes(profile: CpuProfile): { totalMs: number; longestMs: number; busyMs: number; longestTop: string } {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inContentScript = new Map<number, boolean>();
  const isContentScript = (id: number): boolean => {
    const known = inContentScript.get(id);
    if (known !== undefined) return known;
    const own = byId.get(id)?.callFrame.url.endsWith('/content/main.js') ?? false;
    const parent = parentOf.get(id);
    const result = own || (parent !== undefined && isContentScript(parent));
    inContentScript.set(id, result);
    return result;
  };
  let totalUs = 0;
  let runUs = 0;
  let longestUs = 0;
  let busyUs = 0;
  let run: number[] = [];
  let longestRun: number[] = [];
  const samples = profile.samples ?? [];
  samples.forEach((sample, index) => {
    // A sample stands for at most two sampling intervals: a longer gap to the next sample means the thread (or the
    // sampler) was off the CPU, which on a shared 2-core machine happens for 2 to 20 ms at a time; that is the
    // machine's load, not CPU the script used.
    const deltaUs = Math.min(profile.timeDeltas?.[index + 1] ?? 0, 2 * SAMPLING_INTERVAL_US);
    if (byId.get(sample)?.callFrame.functionName !== '(idle)') busyUs += deltaUs;
    if (isContentScript(sample)) {
      totalUs += deltaUs;
      runUs += deltaUs;
      run.push(sample);
      if (runUs > longestUs) {
        longestUs = runUs;
        longestRun = run;
      }
    } else {
      runUs = 0;
      run = [];
    }
  });
  // Where the longest stretch went: its most sampled functions (self time), to say what to cut next.
  const selfSamples = new Map<string, number>();
  for (const sample of longestRun) {
    const name = byId.get(sample)?.callFrame.functionName || '(anonymous)';
    selfSamples.set(name, (selfSamples.get(name) ?? 0) + 1);
  }
  const longestTop = [...selfSamples.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, count]) => `${name} ${Math.round((100 * count) / longestRun.length)}%`)
    .join(', ');
  return { totalMs: totalUs / 1000, longestMs: longestUs / 1000, busyMs: busyUs / 1000, longestTop };
}

const highlightCount = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const registry = (CSS as unknown as { highlights?: Map<string, { size: number }> }).highlights;
    return registry?.get('voipcom-phone')?.size ?? 0;
  });

/**
 * Loads the page, scrolls it top to bottom as a reader would, then waits until highlighting settles: the count
 * stable for a second, and reaching `expected` when the page's count is known (a long text node is marked only once
 * scanned whole); or for `busyMs` on a page that never stops changing.
 */
async function measurePage(page: Page, url: string, settle: { busyMs?: number; expected?: number }): Promise<PageCost> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await cdp.send('Profiler.start');
  const traced: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => traced.push(...(value as unknown as TraceEvent[])));
  const traceComplete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  // Generous: the 100,000-node page alone takes 10 s to load on a loaded machine, with or without the extension.
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const viewport = page.viewportSize()?.height ?? 720;
  // At most 20 steps: a 100,000-node page is scrolled in long strides, like a reader skimming.
  const step = Math.max(viewport, Math.ceil(height / 20));
  for (let y = step; y < height; y += step) {
    await page.mouse.wheel(0, step);
    await page.waitForTimeout(100);
  }
  let last = -1;
  if (settle.busyMs !== undefined) {
    await page.waitForTimeout(settle.busyMs);
    last = await highlightCount(page);
  } else {
    const expected = settle.expected ?? 0;
    for (let waited = 0; waited < 30_000; waited += 500) {
      const count = await highlightCount(page);
      if (count === last && waited >= 1000 && count >= expected) break;
      last = count;
      await page.waitForTimeout(500);
    }
  }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.send('Tracing.end');
  await traceComplete;
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? []);
  await cdp.detach();
  const time = profileTimes(profile);
  return {
    contentScriptMs: time.totalMs,
    contentScriptLongestMs: time.longestMs,
    longestTop: time.longestTop,
    task: taskCpu(traced),
    busyMs: time.busyMs,
    longestTaskMs: Math.max(0, ...longTasks),
    highlighted: Math.max(last, 0),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function filesOf(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .map((name) => join(dir, name));
}

const HELLO_POPUP_DIR = join(__dirname, '..', 'dist', 'bench', 'hello-popup');
const POPUP_GOAL_KB = 150;
const BACKGROUND_GOAL_KB = 80;

/** The baseline popup (bench/fixtures/hello-popup: an Angular zoneless hello-world), built now by the popup's builder. */
function buildHelloPopup(): void {
  const root = join(__dirname, '..');
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` };
  const built = spawnSync('ng', ['build', 'hello-popup'], { cwd: root, env, stdio: 'ignore' });
  if (built.status !== 0) throw new Error(`ng build hello-popup failed (exit ${built.status ?? built.signal})`);
  // The same second pass as the popup's (scripts/build.ts), so the two are minified alike.
  minifyModuleFile(join(HELLO_POPUP_DIR, 'main.js'));
}

function sizeRows(): BenchSection['rows'] {
  const total = (files: string[]): { raw: number; gzip: number } => ({
    raw: files.reduce((sum, file) => sum + statSync(file).size, 0),
    gzip: files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0),
  });
  buildHelloPopup();
  const popupJs = total(filesOf(EXTENSION_DIR, /\.js$/));
  const hello = total(filesOf(HELLO_POPUP_DIR, /\.js$/));
  const popupCss = total(filesOf(EXTENSION_DIR, /\.css$/));
  const content = total([join(EXTENSION_DIR, 'content', 'main.js')]);
  const background = total([join(EXTENSION_DIR, 'background', 'main.js')]);
  return [
    {
      metric: `popup JS (minified / gzip; goal ≤ ${POPUP_GOAL_KB} KB; baseline: Angular zoneless hello-world)`,
      value: `${kb(popupJs.raw)} / ${kb(popupJs.gzip)}`,
      baseline: `${kb(hello.raw)} / ${kb(hello.gzip)}`,
      ratio: (popupJs.raw / hello.raw).toFixed(2),
    },
    {
      metric: 'popup JS against its goal',
      value: kb(popupJs.raw),
      baseline: `${POPUP_GOAL_KB}.0 KB`,
      ratio: (popupJs.raw / (POPUP_GOAL_KB * 1024)).toFixed(2),
    },
    { metric: 'popup CSS (minified / gzip)', value: `${kb(popupCss.raw)} / ${kb(popupCss.gzip)}` },
    {
      metric: `background JS (minified; goal ≤ ${BACKGROUND_GOAL_KB} KB)`,
      value: kb(background.raw),
      baseline: `${BACKGROUND_GOAL_KB}.0 KB`,
      ratio: (background.raw / (BACKGROUND_GOAL_KB * 1024)).toFixed(2),
    },
    {
      metric: 'content script (minified; goal < 30 KB)',
      value: kb(content.raw),
      baseline: '30.0 KB',
      ratio: (content.raw / (30 * 1024)).toFixed(2),
    },
  ];
}

async function popupRows(server: PageServer): Promise<BenchSection['rows']> {
  const browser = await launchExtensionBrowser();
  try {
    const popupTimes: number[] = [];
    const baselineTimes: number[] = [];
    // Baseline: a plain page with the same sign-in controls and no script, from a local server.
    server.setPage('/static-form', '<title>f</title><label>Username <input></label><label>Password <input type=password></label>');
    for (let run = 0; run < POPUP_OPENS; run += 1) {
      const page = await browser.context.newPage();
      let start = performance.now();
      await page.goto(`${EXTENSION_ORIGIN}/popup.html`);
      await page.getByLabel('Username').waitFor();
      popupTimes.push(performance.now() - start);
      start = performance.now();
      await page.goto(`${server.origin}/static-form`);
      await page.getByLabel('Username').waitFor();
      baselineTimes.push(performance.now() - start);
      await page.close();
    }
    const popup = median(popupTimes);
    const baseline = median(baselineTimes);
    return [
      {
        metric: `popup open → interactive (median of ${POPUP_OPENS})`,
        value: ms(popup),
        baseline: ms(baseline),
        ratio: (popup / baseline).toFixed(2),
      },
    ];
  } finally {
    await browser.close();
  }
}

/** The issue's goals for the content script: every page (stretch), and real pages with few or no numbers (CPU). */
const CONTENT_GOALS = { medianMs: 10, maxMs: 40, stretchMs: 16 };

const againstGoal = (value: number, goal: number): string => `${ms(value)} (goal ≤ ${goal} ms: ${value <= goal ? 'met' : 'MISSED'})`;

/** One page measured three ways, interleaved: signed in, signed out (script loaded, quiet), and without the extension. */
interface PageRun {
  path: string;
  signedIn: PageCost;
  signedOut: PageCost;
  plain: PageCost;
}

const LABELED_PATH = '/phone-cases';

/**
 * Measures each page three ways: signed in (the figure), signed out (what the quiet script costs), no extension.
 * Three browsers side by side, each page in all three in a rotating order, so no pass gets the warm caches or the
 * quiet machine. Fails unless sign-in succeeded.
 */
async function measureRuns(
  server: PageServer,
  pages: { path: string; busyMs?: number; expectedHighlights?: number }[],
): Promise<PageRun[]> {
  const runs: PageRun[] = [];
  // BENCH_EXTENSION_DIR: another build of the extension (e.g. of an earlier commit) measured the same way.
  const extensionDir = process.env['BENCH_EXTENSION_DIR'];
  const signedInBrowser = await launchExtensionBrowser({ extensionDir });
  const signedOutBrowser = await launchExtensionBrowser({ extensionDir });
  const plain = await chromium.launch({
    executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const reply = StateReplySchema.safeParse(
      await signedInBrowser.sendMessage({ type: MessageType.SignIn, username: '1001@voipcom-demo', password: 'ClickToDial-demo1' }),
    );
    if (!reply.success || !reply.data.ok || reply.data.data.status !== 'signed-in') {
      throw new Error(`Bench sign-in failed, the signed-in figures would measure a quiet script: ${JSON.stringify(reply)}`);
    }
    const tabs = [await signedInBrowser.context.newPage(), await signedOutBrowser.context.newPage(), await plain.newPage()];
    // Corpus pages name images and styles on other sites: refused at once, as offline, the same in every pass.
    for (const tab of tabs)
      await tab.route(
        (url) => url.origin !== server.origin,
        (route) => route.abort(),
      );
    for (const [index, { path, busyMs, expectedHighlights }] of pages.entries()) {
      const costs: PageCost[] = [];
      for (let turn = 0; turn < 3; turn++) {
        const which = (index + turn) % 3;
        // Only the signed-in pass can reach a count of highlights; the others settle on their own.
        const expected = which === 0 ? expectedHighlights : undefined;
        costs[which] = await measurePage(tabs[which], `${server.origin}${path}`, { busyMs, expected });
      }
      runs.push({ path, signedIn: costs[0], signedOut: costs[1], plain: costs[2] });
    }
  } finally {
    await signedInBrowser.close();
    await signedOutBrowser.close();
    await plain.close();
  }

  return runs;
}

async function contentRows(server: PageServer): Promise<BenchSection['rows']> {
  const names = readdirSync(CORPUS_PAGES).filter((name) => name.endsWith('.html'));
  for (const name of names) server.setPage(`/${name}`, benchPage(readFileSync(join(CORPUS_PAGES, name), 'utf8')));
  const hard = hardPages();
  for (const hardPage of hard) server.setPage(hardPage.path, withLongTaskRecorder(hardPage.html));

  // One more page: every labeled phone case as a paragraph, so the count of highlights can be checked.
  const { cases } = JSON.parse(readFileSync(PHONE_CASES, 'utf8')) as { cases: { text: string; expected: unknown[] }[] };
  const labeledCount = cases.reduce((sum, phoneCase) => sum + phoneCase.expected.length, 0);
  server.setPage(
    LABELED_PATH,
    benchPage(`<html><head></head><body>${cases.map((phoneCase) => `<p>${escapeHtml(phoneCase.text)}</p>`).join('')}</body></html>`),
  );
  const pages: { path: string; busyMs?: number; expectedHighlights?: number }[] = [
    ...names.map((name) => ({ path: `/${name}` })),
    { path: LABELED_PATH, expectedHighlights: labeledCount },
    ...hard,
  ];
  if (process.env['BENCH_CONTENT_ONLY'] !== undefined) {
    // Work on one kind of page: the figures and the checks are of those pages only, and say so.
    const only = new RegExp(process.env['BENCH_CONTENT_ONLY']);
    const kept = pages.filter((page) => only.test(page.path));
    const onlyRuns = await measureRuns(server, kept);
    const missing = kept.filter(
      (page, index) => page.expectedHighlights !== undefined && onlyRuns[index]?.signedIn.highlighted !== page.expectedHighlights,
    );
    if (missing.length > 0)
      throw new Error(`Not all numbers highlighted on ${missing.map((page) => page.path).join(', ')}: ${JSON.stringify(onlyRuns)}`);
    return onlyRuns.map((run) => ({
      metric: `only ${run.path}: CPU / longest stretch, highlights`,
      value: `${ms(run.signedIn.contentScriptMs)} / ${ms(run.signedIn.contentScriptLongestMs)} (${run.signedIn.longestTop}), longest task ${ms(run.signedIn.task.ownMs)} (with garbage collection ${ms(run.signedIn.task.withGcMs)}), ${run.signedIn.highlighted}`,
      baseline: `signed out ${ms(run.signedOut.contentScriptMs)} / ${ms(run.signedOut.contentScriptLongestMs)}; no extension: page busy ${ms(run.plain.busyMs)}`,
    }));
  }
  const runs = await measureRuns(server, pages);

  const corpus = runs.slice(0, names.length);
  const labeled = runs[names.length];
  const hardRuns = runs.slice(names.length + 1);
  const problems: string[] = [];
  const corpusHighlights = corpus.reduce((sum, run) => sum + run.signedIn.highlighted, 0);
  if (labeled.signedIn.highlighted !== labeledCount) {
    problems.push(`the labeled page shows ${labeled.signedIn.highlighted} highlights, not its ${labeledCount} labeled numbers`);
  }
  const quietHighlights = runs.reduce((sum, run) => sum + run.signedOut.highlighted, 0);
  if (quietHighlights > 0) problems.push(`signed out, ${quietHighlights} numbers were highlighted`);
  hard.forEach((hardPage, index) => {
    const seen = hardRuns[index]?.signedIn.highlighted ?? 0;
    if (hardPage.expectedHighlights !== undefined && seen !== hardPage.expectedHighlights) {
      problems.push(`${hardPage.kind}: ${seen} highlights, not ${hardPage.expectedHighlights}`);
    }
    if (hardPage.busyMs !== undefined && seen === 0) problems.push(`${hardPage.kind}: no highlight`);
  });

  const times = corpus.map((run) => run.signedIn.contentScriptMs);
  const worst = corpus.reduce((a, b) => (b.signedIn.contentScriptMs > a.signedIn.contentScriptMs ? b : a));
  const stretchOf = (list: PageRun[]): PageRun =>
    list.reduce((a, b) => (b.signedIn.contentScriptLongestMs > a.signedIn.contentScriptLongestMs ? b : a));
  const corpusStretch = stretchOf(corpus);
  const signedOutLabel = (cost: PageCost): string => `signed out ${ms(cost.contentScriptMs)} / ${ms(cost.contentScriptLongestMs)}`;
  const taskOf = (list: PageRun[], figure: (run: PageRun) => number): PageRun => list.reduce((a, b) => (figure(b) > figure(a) ? b : a));
  const ownTask = taskOf(runs, (run) => run.signedIn.task.ownMs);
  const gcTask = taskOf(runs, (run) => run.signedIn.task.withGcMs);
  const plainLabel = (cost: PageCost): string => `no extension: page busy ${ms(cost.busyMs)}, longest task ${ms(cost.longestTaskMs)}`;
  const rows: BenchSection['rows'] = [
    {
      metric: `content script CPU per page, median (${names.length} corpus pages, loaded and scrolled)`,
      value: againstGoal(median(times), CONTENT_GOALS.medianMs),
      baseline: `signed out ${ms(median(corpus.map((run) => run.signedOut.contentScriptMs)))}; no extension: page busy ${ms(median(corpus.map((run) => run.plain.busyMs)))}`,
    },
    {
      metric: `content script CPU per page, max (corpus: ${worst.path})`,
      value: againstGoal(Math.max(...times), CONTENT_GOALS.maxMs),
      baseline: `${signedOutLabel(worst.signedOut)}; ${plainLabel(worst.plain)}`,
    },
    {
      metric: `longest unbroken stretch in the content script (corpus: ${corpusStretch.path})`,
      value: againstGoal(corpusStretch.signedIn.contentScriptLongestMs, CONTENT_GOALS.stretchMs),
      baseline: `${signedOutLabel(corpusStretch.signedOut)}; ${plainLabel(corpusStretch.plain)}`,
    },
    {
      metric: 'labeled page: CPU / longest stretch',
      value: `${ms(labeled.signedIn.contentScriptMs)} / ${againstGoal(labeled.signedIn.contentScriptLongestMs, CONTENT_GOALS.stretchMs)}`,
      baseline: `${signedOutLabel(labeled.signedOut)}; ${plainLabel(labeled.plain)}`,
    },
    ...hard.map((hardPage, index) => {
      const run = hardRuns[index];
      return {
        metric: `hard page, ${hardPage.kind}: CPU / longest stretch`,
        value: `${ms(run.signedIn.contentScriptMs)} / ${againstGoal(run.signedIn.contentScriptLongestMs, CONTENT_GOALS.stretchMs)}`,
        baseline: `${signedOutLabel(run.signedOut)}; ${plainLabel(run.plain)}`,
      };
    }),
    {
      metric: 'longest unbroken stretch in the content script, any page',
      value: againstGoal(stretchOf(runs).signedIn.contentScriptLongestMs, CONTENT_GOALS.stretchMs),
      baseline: `${stretchOf(runs).path}`,
    },
    {
      // The profile's stretch can join two tasks that follow each other closely; a trace tells the tasks apart.
      metric: 'longest single task of the content script, any page (its thread CPU in one task, from a trace, without garbage collection)',
      value: againstGoal(ownTask.signedIn.task.ownMs, CONTENT_GOALS.stretchMs),
      baseline: ownTask.path,
    },
    {
      // Not one of the issue's figures (the profile's extension frames hold no garbage collection), printed so it is seen.
      metric: 'longest task of the content script with the garbage collection its allocations triggered inside it',
      value: `${ms(gcTask.signedIn.task.withGcMs)}, of which garbage collection ${ms(gcTask.signedIn.task.gcInLongestMs)}`,
      baseline: `${gcTask.path}; no extension: longest task ${ms(gcTask.plain.longestTaskMs)}`,
    },
    { metric: 'numbers highlighted on the corpus pages', value: String(corpusHighlights) },
    {
      metric: 'numbers highlighted on the labeled page (labeled numbers)',
      value: String(labeled.signedIn.highlighted),
      baseline: String(labeledCount),
    },
    ...hard.map((hardPage, index) => ({
      metric: `numbers highlighted, ${hardPage.kind}`,
      value: String(hardRuns[index].signedIn.highlighted),
      baseline: hardPage.expectedHighlights === undefined ? 'keeps changing' : String(hardPage.expectedHighlights),
    })),
  ];
  if (problems.length > 0) {
    printSection({ title: 'Content script (INVALID RUN)', rows });
    throw new Error(`The content-script bench is not valid: ${problems.join('; ')}`);
  }
  return rows;
}

/** Only the content script's figures (`npx tsx bench/extension.bench.ts content`), for work on the content script. */
export async function benchContentScript(): Promise<BenchSection> {
  const stack = await startE2eStack();
  const server = await startPageServer();
  try {
    return {
      title: 'Content script in Chromium (corpus and hard pages, signed in / signed out / no extension, interleaved)',
      rows: await contentRows(server),
    };
  } finally {
    await server.close();
    await stack.stop();
  }
}

export async function benchExtension(): Promise<BenchSection> {
  const stack = await startE2eStack();
  const server = await startPageServer();
  try {
    const rows = [...sizeRows(), ...(await popupRows(server)), ...(await contentRows(server))];
    return { title: 'Extension in Chromium (popup, content script)', rows };
  } finally {
    await server.close();
    await stack.stop();
  }
}

if (require.main === module) runStandalone(process.argv[2] === 'content' ? benchContentScript : benchExtension);
