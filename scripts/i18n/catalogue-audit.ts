/**
 * Checks the extension's text catalogue against its code: every language has every key (and the same
 * placeholders), every key is used, and no component template or source file holds text of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** The catalogue's languages; English is the default and the reference. */
export const LANGUAGES = ['en', 'es', 'fr'] as const;

interface Entry {
  message: string;
  placeholders?: Record<string, unknown>;
}
export type Messages = Record<string, Entry>;

/** A source file: its path (for messages) and its text. */
export interface Source {
  path: string;
  text: string;
}

/** Attributes whose value a user reads or hears. */
const TEXT_ATTRIBUTES = /\s(aria-label|aria-description|aria-placeholder|title|placeholder|alt|label)\s*=\s*"([^"]*)"/g;

/**
 * Looks like words meant for a person: two words in a row, or a word ending a sentence. Not: lists of ids or
 * classes ("hint hint-error"), CSS and code (braces, semicolons).
 */
function isProse(text: string): boolean {
  if (
    /[{};]/.test(text) ||
    text
      .trim()
      .split(/\s+/)
      .every((token) => /^[a-z0-9]+(-[a-z0-9]+)+$/.test(token))
  )
    return false;
  return /\p{L}{2,}[^\S\n]+\p{L}/u.test(text) || /\p{L}[.…!?]$/u.test(text.trim());
}

/** Literals that read like prose but are not for people, each with why. */
const NOT_TEXT: readonly { file: string; text: string }[] = [
  // An HTTP Authorization header value (the session id follows), sent to the Worker, never shown.
  { file: 'projects/background/src/app/worker-client.ts', text: 'Bearer X' },
];

/**
 * Messages that are rightly the same in every language, each with why. Any other Spanish or French message equal
 * to the English one is English copied unchanged, unless it holds no words at all (only placeholders, digits and
 * punctuation, e.g. "$COUNTRY$. $ORIGIN$" or "1001").
 */
export const SAME_IN_EVERY_LANGUAGE: Readonly<Record<string, string>> = {
  extName: 'the product name, a trademark',
  extShortName: 'the product name, a trademark',
};

/** Whether a message has words to translate: letters left once placeholders are taken out. */
function hasWords(message: string): boolean {
  return /\p{L}/u.test(message.replace(/\$[A-Za-z0-9_]+\$/g, ''));
}

/**
 * What the catalogue files say about themselves: missing or extra keys, placeholders that differ, empty messages,
 * English left untranslated.
 */
export function catalogueProblems(catalogues: Record<string, Messages>): string[] {
  const problems: string[] = [];
  const english = catalogues['en'] ?? {};
  for (const language of LANGUAGES) {
    const messages = catalogues[language];
    if (messages === undefined) {
      problems.push(`${language}: no messages.json`);
      continue;
    }
    for (const key of Object.keys(english)) {
      const entry = messages[key];
      if (entry === undefined) problems.push(`${language}: key "${key}" is missing`);
      else if (entry.message.trim() === '') problems.push(`${language}: key "${key}" is empty`);
      else if (placeholdersOf(entry) !== placeholdersOf(english[key])) {
        problems.push(`${language}: key "${key}" has placeholders ${placeholdersOf(entry)}, English has ${placeholdersOf(english[key])}`);
      } else if (
        language !== 'en' &&
        entry.message === english[key]?.message &&
        hasWords(entry.message) &&
        !(key in SAME_IN_EVERY_LANGUAGE)
      ) {
        problems.push(`${language}: key "${key}" is the English text unchanged`);
      }
    }
    for (const key of Object.keys(messages)) {
      if (!(key in english)) problems.push(`${language}: key "${key}" is not in the English catalogue`);
    }
  }
  return problems;
}

function placeholdersOf(entry: Entry): string {
  const used = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((match) => (match[1] ?? '').toLowerCase());
  return JSON.stringify(
    [...new Set(used)].sort().concat(
      Object.keys(entry.placeholders ?? {})
        .sort()
        .map((name) => `:${name}`),
    ),
  );
}

/** Keys no source names (as a quoted literal, or __MSG_key__ in the manifest), and manifest names of unknown keys. */
export function usageProblems(english: Messages, sources: readonly Source[], manifest: string): string[] {
  const quoted = new Set<string>();
  for (const source of sources) for (const match of source.text.matchAll(/'([A-Za-z0-9_]+)'/g)) quoted.add(match[1] ?? '');
  const inManifest = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((match) => match[1] ?? '');
  return [
    ...Object.keys(english)
      .filter((key) => !quoted.has(key) && !inManifest.includes(key))
      .map((key) => `key "${key}" is not used`),
    ...inManifest.filter((key) => !(key in english)).map((key) => `manifest: __MSG_${key}__ is not in the catalogue`),
  ];
}

/** Text in a component template that is not from the catalogue (found between its tags and in its text attributes). */
export function templateProblems(path: string, template: string): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(TEXT_ATTRIBUTES)) {
    if (/\p{L}/u.test(match[2] ?? '')) problems.push(`${path}: attribute ${match[1]}="${match[2]}" is not from the catalogue`);
  }
  // Literals inside interpolations and bindings: keys and values like 'connected' are fine, prose is not.
  // Not `[className]`: its literals are class lists, which no one reads.
  for (const match of template.matchAll(/\{\{([\s\S]*?)\}\}|\s(?!\[className\])[[(@#*]?[\w.-]+\]?\)?="([^"]*)"/g)) {
    for (const literal of (match[1] ?? match[2] ?? '').matchAll(/'([^']*)'/g)) {
      if (isProse(literal[1] ?? '')) problems.push(`${path}: '${literal[1]}' in a binding is not from the catalogue`);
    }
  }
  const text = template
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\{\{[\s\S]*?\}\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/@(if|else if|for|switch|case)\b[^{]*\{|@let\b[^;]*;|@(else|default|empty)\s*\{|\}/g, ' ');
  for (const word of text.match(/[^\s]*\p{L}[^\s]*/gu) ?? []) problems.push(`${path}: "${word}" in a template is not from the catalogue`);
  return problems;
}

/** Text for developers and admins: the console (and `warn` callbacks that lead to it), errors, DI token names. */
function isDeveloperText(node: ts.Node): boolean {
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (ts.isCallExpression(parent) && /^(console\.\w+|warn)$/.test(parent.expression.getText())) return true;
    if (ts.isNewExpression(parent) && /(Error|InjectionToken)$/.test(parent.expression.getText())) return true;
    if (ts.isPropertyAssignment(parent) && parent.name.getText() === 'message') return true;
    if (ts.isStatement(parent)) return false;
  }
  return false;
}

/** Prose in TypeScript outside templates, the console and error messages (MessageError.message is for logs). */
export function codeProblems(source: Source): string[] {
  const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.ES2022, true);
  const problems: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'template') {
      const template = node.initializer;
      if (ts.isNoSubstitutionTemplateLiteral(template)) problems.push(...templateProblems(source.path, template.text));
      return;
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((span) => `X${span.literal.text}`)].join('')
          : null;
    const allowed = NOT_TEXT.some((exception) => exception.file === source.path && exception.text === text);
    if (text !== null && isProse(text) && !allowed && !isDeveloperText(node)) {
      problems.push(`${source.path}: "${text}" is user-visible text not from the catalogue`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

/** The extension's sources a user's text could hide in: components, background, content script, the i18n code. */
export function extensionSources(root: string): Source[] {
  const dirs = ['projects/popup/src', 'projects/background/src', 'projects/content/src', 'projects/extension/i18n'];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'testing') walk(path);
      else if (/\.(ts|html)$/.test(entry.name) && !/\.(spec|test|d)\.ts$/.test(entry.name)) files.push(path);
    }
  };
  dirs.forEach((dir) => walk(join(root, dir)));
  return files.map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

/** Everything wrong with the catalogue and its use in the repository at `root`; empty when all is well. */
export function auditCatalogue(root: string): string[] {
  const locales = join(root, 'projects/extension/_locales');
  const catalogues: Record<string, Messages> = {};
  for (const language of readdirSync(locales)) {
    catalogues[language] = JSON.parse(readFileSync(join(locales, language, 'messages.json'), 'utf8')) as Messages;
  }
  const sources = extensionSources(root);
  return [
    ...catalogueProblems(catalogues),
    ...usageProblems(catalogues['en'] ?? {}, sources, readFileSync(join(root, 'projects/extension/manifest.json'), 'utf8')),
    ...sources.flatMap((source) => (source.path.endsWith('.html') ? templateProblems(source.path, source.text) : codeProblems(source))),
  ];
}
