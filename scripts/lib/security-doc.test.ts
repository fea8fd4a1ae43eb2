/** SECURITY.md cites tests as proofs (`file › test title`): each cited file and title must exist, or the proof is void. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `path › title` citations; a path of `…` repeats the previous path, a title may end in `…` (a prefix). */
function citations(markdown: string): { file: string; title: string }[] {
  const found: { file: string; title: string }[] = [];
  let previous = '';
  for (const match of markdown.matchAll(/`([^`›]+?) › ([^`]+)`/g)) {
    const file = match[1] === '…' ? previous : (match[1] ?? '');
    previous = file;
    // The legend "`file › test name`" explains the notation.
    if (file !== 'file') found.push({ file, title: (match[2] ?? '').replace(/….*$/, '').trim() });
  }
  return found;
}

/**
 * Titles built from a constant (`${ATTACK} 1. …`, `${CASES} seeded …`): the cited title's tail after its label or
 * first word must be in the source right after a `${…}`.
 */
function builtFromConstant(source: string, title: string): boolean {
  const tails = [title.replace(/^\[policy: [^\]]+\]\s*/, ''), title.replace(/^\S+\s+/, '')];
  return tails.some((tail) => tail !== title && source.includes(`} ${tail.slice(0, 50)}`));
}

describe('SECURITY.md', () => {
  const cited = citations(readFileSync(join(ROOT, 'SECURITY.md'), 'utf8'));

  it('cites tests', () => {
    expect(cited.length).toBeGreaterThan(30);
  });

  it('cites only tests that exist, under their current titles', () => {
    const missing = cited.filter(({ file, title }) => {
      const path = join(ROOT, file);
      if (!existsSync(path)) return true;
      const source = readFileSync(path, 'utf8').replace(/\\'/g, "'");
      return !source.includes(title.slice(0, 60)) && !builtFromConstant(source, title);
    });
    expect(missing).toEqual([]);
  });
});
