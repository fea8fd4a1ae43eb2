/**
 * The machine-wide Chromium policy files e2e suites write, and the check that none is left from a killed run: such a
 * file applies to every Chromium on the machine (HighlightNumbers false, inactive sites…), so any later suite would
 * test the organisation's policy instead of the user's settings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Chromium on Linux reads machine policy. */
export const MANAGED_POLICY_DIR = '/etc/chromium/policies/managed';
/** Every policy file a suite of ours writes is named so (managed-policy.e2e.ts, release.e2e.ts). */
const OUR_PREFIX = 'voipcom-click-to-dial-';

/** The policy file of one suite, e.g. `e2e` gives …/voipcom-click-to-dial-e2e.json. */
export function managedPolicyFile(suite: string): string {
  return join(MANAGED_POLICY_DIR, `${OUR_PREFIX}${suite}.json`);
}

/**
 * Throws, naming the file and how to remove it, when a policy file of ours is there as a browser is launched. Not
 * removed here: the file may belong to a managed-policy run going on at this moment, which removing it would break
 * silently; and a killed run should be seen, not tidied away.
 */
export function refuseLeftoverPolicy(): void {
  const left = existsSync(MANAGED_POLICY_DIR) ? readdirSync(MANAGED_POLICY_DIR).filter((name) => name.startsWith(OUR_PREFIX)) : [];
  if (left.length === 0) return;
  const files = left.map((name) => join(MANAGED_POLICY_DIR, name));
  throw new Error(
    `A Chromium policy file written by an e2e suite is still in place: ${files.join(', ')}. It applies to every Chromium on ` +
      'this machine, so this suite would test the organisation policy it holds, not the user’s settings. Either ' +
      'e2e/managed-policy.e2e.ts (or e2e/release.e2e.ts) is running now, or a run of it was killed before its afterAll. ' +
      `When no such run is going: rm ${files.join(' ')}`,
  );
}
