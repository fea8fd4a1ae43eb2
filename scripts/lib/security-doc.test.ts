/** SECURITY.md cites tests as proofs (`file › test title`): each cited file must declare a test the citation names. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { citationMatches, citations, declaredTitles, voidCitations } from './security-citations';

const ROOT = join(__dirname, '..', '..');

function readSource(file: string): string | undefined {
  const path = join(ROOT, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

describe('SECURITY.md', () => {
  const cited = citations(readFileSync(join(ROOT, 'SECURITY.md'), 'utf8'));

  it('cites tests', () => {
    expect(cited.length).toBeGreaterThan(30);
  });

  it('cites only tests that exist, under their current titles', () => {
    expect(voidCitations(cited, readSource)).toEqual([]);
  });
});

describe('reading a citation', () => {
  const source = [
    "const ATTACK = '[policy: place calls] ';",
    "it('[policy: credentials are not stored] no password in KV', () => {});",
    'test(`${ATTACK}1. an invisible overlay opens the window`, async () => {});',
    "test.each(FAULTS)('[policy: dial events] a %s PBX: clear error, audit row', async () => {});",
  ].join('\n');
  const titles = declaredTitles(source);

  it('reads the titles a file declares, constants filled in and placeholders open', () => {
    expect(titles).toEqual([
      '[policy: credentials are not stored] no password in KV',
      '[policy: place calls] 1. an invisible overlay opens the window',
      '[policy: dial events] a … PBX: clear error, audit row',
    ]);
  });

  it('takes whole titles, prefixes ending in …, a left-out label and … over a placeholder', () => {
    expect(citationMatches('[policy: credentials are not stored] no password in KV', titles)).toBe(true);
    expect(citationMatches('[policy: credentials are not stored] …', titles)).toBe(true);
    expect(citationMatches('1. an invisible overlay …', titles)).toBe(true);
    expect(citationMatches('[policy: dial events] a … PBX: clear error, audit row', titles)).toBe(true);
  });

  it('refuses a label no test of the file carries, a one-letter prefix, a cut title without …, and words not in the title', () => {
    expect(citationMatches('[policy: sessions expire] …', titles)).toBe(false);
    expect(citationMatches('a …', titles)).toBe(false);
    expect(citationMatches('[policy: credentials are not stored] no password', titles)).toBe(false);
    expect(citationMatches('[policy: credentials are not stored] no token in KV', titles)).toBe(false);
  });

  it('reads `… title` as another test of the previous file, and skips the legend', () => {
    expect(citations('`file › test name`; `a.test.ts › first title here` and `… second title here`')).toEqual([
      { file: 'a.test.ts', title: 'first title here' },
      { file: 'a.test.ts', title: 'second title here' },
    ]);
  });

  it('a citation whose file is gone is void', () => {
    expect(voidCitations([{ file: 'gone.test.ts', title: 'anything at all here' }], () => undefined)).toHaveLength(1);
  });
});
