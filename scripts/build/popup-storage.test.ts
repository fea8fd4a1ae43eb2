import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const POPUP_APP = join(__dirname, '../../projects/popup/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The code of a source file without its comments (which may name storage areas in prose), as TypeScript reads it. */
function withoutComments(file: string): string {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

describe('the popup and chrome.storage', () => {
  // On Firefox only the background's chrome.* seals storage.local (extension/chrome/chrome.ts, backgroundChrome):
  // a value the popup wrote there would be readable by content scripts. The one storage the popup may touch is a
  // read of the state the background mirrors to storage.session (never readable by content scripts), so it can
  // open before the service worker wakes.
  it('keeps nothing in chrome.storage: the session and settings go through the background; it only reads the mirrored state', () => {
    const files = sources(POPUP_APP);
    expect(files.length).toBeGreaterThan(5);
    const uses = files.flatMap((file) =>
      [...withoutComments(file).matchAll(/\bstorage\s*\.\s*(\w+)(?:\s*\.\s*(\w+))?/g)].map(
        (use) => `${file.slice(POPUP_APP.length + 1)}: ${use[1]}.${use[2] ?? ''}`,
      ),
    );
    expect(uses).toEqual(['app/background-client.ts: session.get']);
  });

  it('reads code the way TypeScript does: a "//" inside a string hides nothing after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'popup-storage-'));
    const probe = join(dir, 'probe.ts');
    try {
      writeFileSync(probe, "const path = 'a//b'; chrome.storage.local.set({});\n// storage.sync in prose\n");
      expect(withoutComments(probe)).toContain('storage.local.set');
      expect(withoutComments(probe)).not.toContain('storage.sync');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
