/** Prints bench sections as tables, for `npm run bench` and for a bench file run on its own (`npx tsx bench/x.bench.ts`). */
import type { BenchSection } from './types';

export function printSection(section: BenchSection): void {
  console.log(`\n## ${section.title}`);
  const header = ['metric', 'value', 'baseline', 'ratio'];
  const rows = section.rows.map((row) => [row.metric, row.value, row.baseline ?? '', row.ratio ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  rows.forEach((row) => console.log(line(row)));
}

/** Runs one section and prints it; a failure sets a failing exit code. */
export function runStandalone(bench: () => Promise<BenchSection>): void {
  bench().then(printSection, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
