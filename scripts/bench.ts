/** `npm run bench`: runs every benchmark section and prints figures with their same-run baselines. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDetector } from '../bench/detector.bench';
import { benchWorker } from '../bench/worker.bench';
import { benchExtension } from '../bench/extension.bench';
import { benchLoad } from '../bench/load.bench';
import { benchPopup } from '../bench/popup.bench';
import { printSection } from '../bench/report';

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The build failed; see above.');
  for (const bench of [benchDetector, benchWorker, benchExtension, benchPopup, benchLoad]) printSection(await bench());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
