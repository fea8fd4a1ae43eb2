/**
 * A real enterprise policies file for Firefox: `distribution/policies.json` in the Firefox install folder, which
 * Firefox reads at start (its `3rdparty.Extensions.<add-on id>` object is what `storage.managed` hands that add-on).
 * The file applies to every Firefox started from that install while it exists, so it is written under a machine-wide
 * lock, removed afterwards, and a leftover of a crashed run is removed first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GECKO_ID } from '../../../scripts/build/manifest';
import { FIREFOX_BIN } from './firefox-browser';

/** Where Firefox on Linux looks before the install folder: a file there would win over ours. */
const SYSTEM_POLICIES = '/etc/firefox/policies/policies.json';
/** Held while the file exists; its own file (not the Chromium policy lock), so a run under that lock cannot deadlock. */
const LOCK = process.env['FIREFOX_POLICIES_LOCK'] ?? join(tmpdir(), 'voipcom-firefox-policies.lock');

/** distribution/policies.json beside the real Firefox binary (Debian: /usr/lib/firefox-esr/distribution/). */
export const POLICIES_FILE = join(dirname(realpathSync(FIREFOX_BIN)), 'distribution', 'policies.json');

/** Whether `path` holds a file this helper wrote: only our add-on's 3rdparty section, nothing else. */
function writtenByUs(path: string): boolean {
  try {
    const { policies } = JSON.parse(readFileSync(path, 'utf8')) as { policies?: Record<string, unknown> };
    const extensions = (policies?.['3rdparty'] as { Extensions?: Record<string, unknown> } | undefined)?.Extensions;
    return Object.keys(policies ?? {}).join() === '3rdparty' && Object.keys(extensions ?? {}).join() === GECKO_ID;
  } catch {
    return false;
  }
}

export interface FirefoxPolicies {
  /** Removes the file and releases the lock. */
  remove(): Promise<void>;
}

/** Takes the lock (waiting for another run to finish), then writes `settings` as our add-on's managed storage. */
export async function writeFirefoxPolicies(settings: Record<string, unknown>): Promise<FirefoxPolicies> {
  const lock = await holdLock();
  try {
    if (existsSync(SYSTEM_POLICIES)) throw new Error(`${SYSTEM_POLICIES} exists and would replace the test's policies`);
    if (existsSync(POLICIES_FILE)) {
      if (!writtenByUs(POLICIES_FILE)) throw new Error(`${POLICIES_FILE} exists and was not written by this test; not touching it`);
      rmSync(POLICIES_FILE); // a crashed run's
    }
    writeFileSync(POLICIES_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: settings } } } }, null, 2));
  } catch (error) {
    await release(lock);
    throw error;
  }
  return {
    async remove() {
      rmSync(POLICIES_FILE, { force: true });
      await release(lock);
    },
  };
}

/** `flock` holding LOCK until its stdin closes; resolves once it holds it. */
function holdLock(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const holder = spawn('flock', [LOCK, '-c', 'echo held; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`flock ${LOCK} exited with ${code}`)));
    holder.stdout?.once('data', () => resolve(holder));
  });
}

function release(holder: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    holder.removeAllListeners('exit');
    holder.once('exit', () => resolve());
    holder.stdin?.end();
  });
}
