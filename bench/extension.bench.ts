/** Extension benchmarks in Chromium: bundle sizes, popup time to interactive, and the content script's cost on
 * the corpus pages, each beside a baseline measured in the same run (the same pages without the extension). */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { MessageType } from '@voipcom/shared';
import type { BenchSection } from './types';
import { EXTENSION_DIR, EXTENSION_ORIGIN, launchExtensionBrowser } from '../e2e/support/extension-browser';
import { startE2eStack } from '../e2e/support/local-stack';
import { startPageServer, type PageServer } from '../e2e/support/page-server';
import { runStandalone } from './report';

const CORPUS_PAGES = join(__dirname, '..', '..', 'shared', 'corpus', 'pages');
const PHONE_CASES = join(__dirname, '..', '..', 'shared', 'corpus', 'phone-cases.json');
const POPUP_OPENS = 15;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Page scripts are removed (we measure our content script, not the page's) and a long-task recorder added. */
function benchPage(html: string): string {
  const withoutScripts = html.replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const recorder =
    '<script>window.__longTasks=[];new PerformanceObserver(l=>{for(const e of l.getEntries())' +
    'window.__longTasks.push(e.duration)}).observe({type:"longtask",buffered:true});</script>';
  return withoutScripts.replace(/<head[^>]*>/i, (head) => head + recorder).replace(/^(?![\s\S]*<head)/, recorder);
}

interface PageCost {
  /** Main-thread time spent in the content script (CPU profile samples under its URL). */
  contentScriptMs: number;
  /** The longest unbroken stretch of such samples: the longest task the content script caused. */
  contentScriptLongestMs: number;
  /** The page's longest task of any cause (Long Tasks API). */
  longestTaskMs: number;
  highlighted: number;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url: string };
  children?: number[];
}

/** Time in the content script, and its longest unbroken stretch, from a sampled CPU profile. */
function contentScriptTime(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): { totalMs: number; longestMs: number } {
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
  const samples = profile.samples ?? [];
  samples.forEach((sample, index) => {
    const deltaUs = profile.timeDeltas?.[index + 1] ?? 0;
    if (isContentScript(sample)) {
      totalUs += deltaUs;
      runUs += deltaUs;
      longestUs = Math.max(longestUs, runUs);
    } else {
      runUs = 0;
    }
  });
  return { totalMs: totalUs / 1000, longestMs: longestUs / 1000 };
}

async function measurePage(page: Page, url: string): Promise<PageCost> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(url, { waitUntil: 'load' });
  // Let idle-time scanning finish: wait until the highlight count is stable for a second (at most 10 s).
  let last = -1;
  for (let waited = 0; waited < 10_000; waited += 500) {
    const count = await page.evaluate(() => {
      const registry = (CSS as unknown as { highlights?: Map<string, { size: number }> }).highlights;
      return registry?.get('voipcom-phone')?.size ?? 0;
    });
    if (count === last && waited >= 1000) break;
    last = count;
    await page.waitForTimeout(500);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] } };
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  await cdp.detach();
  const time = contentScriptTime(profile);
  return {
    contentScriptMs: time.totalMs,
    contentScriptLongestMs: time.longestMs,
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
  return readdirSync(dir).filter((name) => pattern.test(name)).map((name) => join(dir, name));
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
    { metric: 'popup JS against its goal', value: kb(popupJs.raw), baseline: `${POPUP_GOAL_KB}.0 KB`, ratio: (popupJs.raw / (POPUP_GOAL_KB * 1024)).toFixed(2) },
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
    return [{ metric: `popup open → interactive (median of ${POPUP_OPENS})`, value: ms(popup), baseline: ms(baseline), ratio: (popup / baseline).toFixed(2) }];
  } finally {
    await browser.close();
  }
}

/** The issue's goals for the content script on real pages with few or no numbers. */
const CONTENT_GOALS = { medianMs: 10, maxMs: 40, stretchMs: 16 };

const againstGoal = (value: number, goal: number): string => `${ms(value)} (goal ≤ ${goal} ms: ${value <= goal ? 'met' : 'MISSED'})`;

async function contentRows(server: PageServer): Promise<BenchSection['rows']> {
  const names = readdirSync(CORPUS_PAGES).filter((name) => name.endsWith('.html'));
  for (const name of names) server.setPage(`/${name}`, benchPage(readFileSync(join(CORPUS_PAGES, name), 'utf8')));

  // One more page: every labeled phone case as a paragraph, so the count of highlights can be checked.
  const { cases } = JSON.parse(readFileSync(PHONE_CASES, 'utf8')) as { cases: { text: string; expected: unknown[] }[] };
  const labeledCount = cases.reduce((sum, phoneCase) => sum + phoneCase.expected.length, 0);
  server.setPage('/phone-cases', benchPage(`<html><head></head><body>${cases.map((phoneCase) => `<p>${escapeHtml(phoneCase.text)}</p>`).join('')}</body></html>`));
  const urls = [...names.map((name) => `/${name}`), '/phone-cases'];

  // Baseline: the same pages in the same browser while signed out. The content script is loaded and parsed and
  // asks the background once, then stays quiet: what any content script of ours costs before it does any work.
  const signedOut: PageCost[] = [];
  const withExtension: PageCost[] = [];
  const browser = await launchExtensionBrowser();
  try {
    const page = await browser.context.newPage();
    for (const path of urls) signedOut.push(await measurePage(page, `${server.origin}${path}`));
    await browser.sendMessage({ type: MessageType.SignIn, username: '1001@voipcom-demo', password: 'ClickToDial-demo1' });
    for (const path of urls) withExtension.push(await measurePage(page, `${server.origin}${path}`));
  } finally {
    await browser.close();
  }

  const withoutExtension: PageCost[] = [];
  const plain = await chromium.launch({ executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await plain.newPage();
    for (const path of urls) withoutExtension.push(await measurePage(page, `${server.origin}${path}`));
  } finally {
    await plain.close();
  }

  // The goals are for real pages: the corpus. The phone-cases page (hundreds of numbers) is reported on its own.
  const corpus = withExtension.slice(0, names.length);
  const corpusBaseline = signedOut.slice(0, names.length);
  const times = corpus.map((cost) => cost.contentScriptMs);
  const baselineTimes = corpusBaseline.map((cost) => cost.contentScriptMs);
  const stretch = Math.max(...corpus.map((cost) => cost.contentScriptLongestMs));
  const baselineStretch = Math.max(...corpusBaseline.map((cost) => cost.contentScriptLongestMs));
  const casesPage = withExtension[names.length]!;
  const longest = Math.max(...withExtension.map((cost) => cost.longestTaskMs));
  const longestBaseline = Math.max(...withoutExtension.map((cost) => cost.longestTaskMs));
  const corpusHighlights = corpus.reduce((sum, cost) => sum + cost.highlighted, 0);
  const signedOutLabel = (value: number): string => `${ms(value)} signed out`;
  return [
    { metric: `content script CPU per page, median (${names.length} corpus pages)`, value: againstGoal(median(times), CONTENT_GOALS.medianMs), baseline: signedOutLabel(median(baselineTimes)) },
    { metric: 'content script CPU per page, max (corpus pages)', value: againstGoal(Math.max(...times), CONTENT_GOALS.maxMs), baseline: signedOutLabel(Math.max(...baselineTimes)) },
    { metric: 'longest unbroken stretch in the content script (corpus pages)', value: againstGoal(stretch, CONTENT_GOALS.stretchMs), baseline: signedOutLabel(baselineStretch) },
    { metric: 'content script CPU on the phone-cases page (total / longest stretch)', value: `${ms(casesPage.contentScriptMs)} / ${ms(casesPage.contentScriptLongestMs)}` },
    { metric: 'longest task of any cause on any page (baseline: no extension)', value: ms(longest), baseline: ms(longestBaseline), ratio: longestBaseline > 0 ? (longest / longestBaseline).toFixed(2) : '' },
    { metric: 'numbers highlighted on the corpus pages', value: String(corpusHighlights) },
    { metric: 'numbers highlighted on the phone-cases page (labeled numbers)', value: String(casesPage.highlighted), baseline: String(labeledCount) },
  ];
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

if (require.main === module) runStandalone(benchExtension);
