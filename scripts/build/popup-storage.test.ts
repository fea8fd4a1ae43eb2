import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const POPUP_APP = join(__dirname, '../../projects/popup/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the popup and chrome.storage', () => {
  // On Firefox only the background's chrome.* seals storage.local (extension/chrome/chrome.ts, backgroundChrome):
  // a value the popup wrote there would be readable by content scripts.
  it('keeps nothing in chrome.storage: the session and settings go through the background', () => {
    const files = sources(POPUP_APP);
    expect(files.length).toBeGreaterThan(5);
    const touching = files.filter((file) => /\bstorage\s*\.\s*(local|session|sync)\b|\.storage\b/.test(readFileSync(file, 'utf8')));
    expect(touching).toEqual([]);
  });
});
