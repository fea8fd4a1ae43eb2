/** One section of `npm run bench`'s report: figures, each with the baseline measured in the same run. */
export interface BenchSection {
  title: string;
  rows: { metric: string; value: string; baseline?: string; ratio?: string }[];
}
