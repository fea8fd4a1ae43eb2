/** The plan table as lines of text, without reading any: what the background needs to hand a page its country's line. */

/** File name of every region's plan lines in the extension package (written by the build from numbering-plans.generated.ts). */
export const NUMBERING_PLANS_FILE_NAME = 'numbering-plans.txt';

/** A region's line in a table of plan lines ("" when it has none): what the page settings hand the content script. */
export function numberingPlanLineIn(table: string, region: string): string {
  // Searching "\n" + table finds the first line too; the offset found is the line's start in the table.
  const start = `\n${table}`.indexOf(`\n${region} `);
  if (start < 0) return '';
  const end = table.indexOf('\n', start);
  return table.slice(start, end < 0 ? undefined : end);
}
