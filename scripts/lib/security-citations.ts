/**
 * SECURITY.md cites tests as proofs (`file › test title`); these pure functions read the citations and the test
 * titles a file really declares, and say which citations name no real test. scripts/lib/security-doc.test.ts runs
 * them over the repository.
 */

/** One cited test: the file and the title as written (`…` marks what was left out). */
export interface Citation {
  file: string;
  title: string;
}

/**
 * `path › title` citations, and `… title` ones that repeat the previous path. The legend "`file › test name`"
 * explains the notation and is no citation.
 */
export function citations(markdown: string): Citation[] {
  const found: Citation[] = [];
  let previous = '';
  for (const match of markdown.matchAll(/`(?:([^`›]+?) › |… )([^`]+)`/g)) {
    const path = match[1];
    if (path === 'file') continue;
    const file = path === undefined || path === '…' ? previous : path;
    previous = file;
    if (file !== '') found.push({ file, title: (match[2] ?? '').trim() });
  }
  return found;
}

/**
 * The titles a test source declares: string literals given to it/test/test.each, and describe blocks (a citation
 * may name a group of tests). An open part (`${x}` that is not a string or number const of the file, `%s`) reads `…`.
 */
export function declaredTitles(source: string): string[] {
  const constants = new Map<string, string>();
  for (const match of source.matchAll(/^const (\w+) =\s*(?:(['"])((?:\\.|(?!\2).)*)\2|([\d_]+));/gm)) {
    constants.set(match[1] ?? '', match[4] === undefined ? unescape(match[3] ?? '') : match[4].replace(/_/g, ''));
  }
  const titles: string[] = [];
  for (const match of source.matchAll(/\b(?:it|test|describe)(?:\.each\([\s\S]*?\))?\(\s*(['"`])((?:\\.|(?!\1)[\s\S])*)\1/g)) {
    const raw = unescape(match[2] ?? '');
    titles.push(
      raw.replace(
        /\$\{\s*(\w+)\s*\}|\$\{[^}]*\}|%[sdpji#]/g,
        (_open, name: string | undefined) => (name === undefined ? undefined : constants.get(name)) ?? '…',
      ),
    );
  }
  return titles;
}

/**
 * Whether a real title answers the citation: the cited text, each `…` standing for any text, is the whole title
 * (a trailing `…` for the rest; a leading `[policy: …]` label may be left out). A label-only citation
 * (`[policy: x] …`) needs a test carrying that label; otherwise the cited words must hold at least 12 letters,
 * so a one-letter prefix cannot pass for a title. A title's open part (`%s`) is matched only by a `…`.
 */
export function citationMatches(citation: string, titles: readonly string[]): boolean {
  const fragments = citation.split('…').map((fragment) => fragment.trim());
  const label = /^\[policy: [^\]]+\]/.exec(citation)?.[0];
  const words = fragments
    .join('')
    .replace(/^\[policy: [^\]]+\]/, '')
    .replace(/\W/g, '');
  if (words.length < 12 && !(label !== undefined && words === '')) return false;
  const body = fragments.map(escapeRegExp).join('[\\s\\S]*');
  const pattern = new RegExp(label === undefined ? `^(?:\\[policy: [^\\]]+\\]\\s*)?${body}$` : `^${body}$`);
  return titles.some((title) => pattern.test(title));
}

/** Citations whose file does not exist or declares no test the citation names. */
export function voidCitations(cited: readonly Citation[], readSource: (file: string) => string | undefined): Citation[] {
  return cited.filter((citation) => {
    const source = readSource(citation.file);
    return source === undefined || !citationMatches(citation.title, declaredTitles(source));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unescape(text: string): string {
  return text.replace(/\\(['"`\\])/g, '$1');
}
