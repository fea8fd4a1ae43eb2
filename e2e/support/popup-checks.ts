/**
 * What every popup state and the confirmation window are checked for in the language and accessibility suites:
 * axe-core's serious and critical violations, text cut off at the popup's width, English left in another language.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe violation, as a line a failing test prints. */
export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules and best practices) in the page; returns every violation. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // page.evaluate goes through the DevTools protocol, which the extension pages' CSP (script-src 'self') allows.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
}

/** The serious and critical ones: the suites allow none. */
export function seriousOrCritical(findings: readonly AxeFinding[]): AxeFinding[] {
  return findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

/** Collects axe results per state for the closing report (test-results/axe-<suite>.json). */
export class AxeLog {
  private readonly states: Record<string, { violations: number; seriousOrCritical: number; ids: string[] }> = {};

  constructor(private readonly suite: string) {}

  /** Runs axe on `page`, records the result under `state`, and returns the serious and critical violations. */
  async check(page: Page, state: string): Promise<AxeFinding[]> {
    const findings = await axeViolations(page);
    const serious = seriousOrCritical(findings);
    this.states[state] = {
      violations: findings.length,
      seriousOrCritical: serious.length,
      ids: findings.map((finding) => `${finding.id} (${finding.impact})`),
    };
    return serious;
  }

  write(): void {
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results', `axe-${this.suite}.json`), `${JSON.stringify(this.states, null, 2)}\n`);
  }
}

/**
 * Text a user cannot read whole at the popup's width: elements reaching past the page's right edge, boxes whose
 * content is wider or taller than they are while clipping it (ellipsis, overflow hidden, fixed-height buttons),
 * and a select whose chosen option is wider than the select can show.
 */
export function cutOffText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const describe = (element: Element): string =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].join('.')} "${(element.textContent ?? '').trim().slice(0, 60)}"`;
    const pageRight = document.body.getBoundingClientRect().right;
    for (const element of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (box.width === 0 || style.visibility === 'hidden' || element.closest('svg')) continue;
      if (box.right > pageRight + 0.5) cut.push(`past the right edge: ${describe(element)}`);
      const html = element as HTMLElement;
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis' || element.tagName === 'BUTTON';
      if (clips && (html.scrollWidth > html.clientWidth + 1 || html.scrollHeight > html.clientHeight + 1))
        cut.push(`clipped: ${describe(element)}`);
    }
    const context = document.createElement('canvas').getContext('2d');
    for (const select of document.querySelectorAll('select')) {
      const chosen = select.selectedOptions[0]?.textContent?.trim() ?? '';
      const style = getComputedStyle(select);
      if (context === null) continue;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // About 20 px of the box is the drop-down arrow.
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      if (context.measureText(chosen).width > room) cut.push(`select shows only part of "${chosen}"`);
    }
    return cut;
  });
}

interface CatalogueEntry {
  message: string;
}

function catalogue(language: string): Record<string, CatalogueEntry> {
  return JSON.parse(readFileSync(join(ROOT, 'projects', 'extension', '_locales', language, 'messages.json'), 'utf8')) as Record<
    string,
    CatalogueEntry
  >;
}

/**
 * English the page shows although it speaks `language`: every English message the language's catalogue says
 * differently is looked for, whole (a button's "Dial", a heading's "Settings") in each text and label, and by
 * the words around its values (at least 8 characters: "is offline and may not ring") anywhere in the page.
 */
export async function englishLeftovers(page: Page, language: string): Promise<string[]> {
  if (language === 'en') return [];
  const english = catalogue('en');
  const translated = catalogue(language);
  const differing = Object.entries(english).filter(([key, entry]) => translated[key]?.message !== entry.message);
  const whole = new Set(differing.map(([, entry]) => entry.message).filter((message) => !message.includes('$')));
  const fragments = differing
    .flatMap(([, entry]) => entry.message.split(/\$[A-Z]+\$/))
    .map((fragment) => fragment.trim())
    .filter((fragment) => fragment.length >= 8 && /\p{L}{3,}/u.test(fragment));
  const shown = await page.evaluate(() => {
    const texts = [...document.querySelectorAll('body *')]
      .filter((element) => element.children.length === 0 || element.matches('button, label, option, h1, h2, p, a'))
      .map((element) => (element as HTMLElement).innerText?.trim() ?? '');
    const labels = [...document.querySelectorAll('[aria-label], [placeholder], [title]')].flatMap((element) =>
      ['aria-label', 'placeholder', 'title'].map((name) => element.getAttribute(name) ?? ''),
    );
    return { texts: [...texts, ...labels, document.title], all: [document.body.innerText, ...labels].join('\n') };
  });
  return [...new Set([...shown.texts.filter((text) => whole.has(text)), ...fragments.filter((fragment) => shown.all.includes(fragment))])];
}

/** Whether the focused element is one a keyboard user can see: not the page itself, and drawn with an outline. */
export function focusIsVisible(page: Page): Promise<{ visible: boolean; element: string }> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (focused === null || focused === document.body) return { visible: false, element: 'body' };
    const style = getComputedStyle(focused);
    const box = focused.getBoundingClientRect();
    const outlined = focused.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    return {
      visible: outlined && box.width > 0 && box.height > 0,
      element: `${focused.tagName.toLowerCase()}${focused.id ? `#${focused.id}` : ''} "${(focused.textContent ?? '').trim().slice(0, 40)}"`,
    };
  });
}
