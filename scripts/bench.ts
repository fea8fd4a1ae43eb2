/** `npm run bench`: runs every benchmark section and prints figures with their same-run baselines. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchSection } from '../bench/types';
import { benchDetector } from '../bench/detector.bench';
import { benchWorker } from '../bench/worker.bench';
import { benchExtension } from '../bench/extension.bench';
import { benchLoad } from '../bench/load.bench';

function printSection(section: BenchSection): void {
  console.log(`\n## ${section.title}`);
  const header = ['metric', 'value', 'baseline', 'ratio'];
  const rows = section.rows.map((row) => [row.metric, row.value, row.baseline ?? '', row.ratio ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  rows.forEach((row) => console.log(line(row)));
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The build failed; see above.');
  for (const bench of [benchDetector, benchWorker, benchExtension, benchLoad]) printSection(await bench());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
