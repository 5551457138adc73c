// What every benchmark returns: rows of figures, each beside a baseline measured in the same run on
// the same machine, so that the ratio means something on a noisy machine.

export type BenchOptions = {
  /** `--quick`: each benchmark small, so that CI proves they still run; figures mean little. */
  quick: boolean;
  /** A running DynamoDB Local shared by the benchmarks (each makes its own tables). */
  endpoint: string;
  /** Where a benchmark may write scratch files (bundles, CSVs). */
  workDir: string;
  /** Progress lines for the person watching; not part of the results. */
  log: (message: string) => void;
};

export type Figure = {
  /** What was measured, e.g. 'p50', 'rows/s', 'peak RSS', 'requests'. */
  metric: string;
  value: number;
  unit: string;
  /** The same metric for the baseline, measured in this run; null where there is none. */
  baseline: number | null;
  /** What the baseline is, in a few words: 'raw SDK calls', 'empty handler', 'BatchWriteItem'. */
  baselineLabel?: string;
  /** The goal, in words ('< 5 ms'), and whether this run met it; omitted where no goal applies. */
  goal?: string;
  met?: boolean;
};

export type BenchRow = Figure & {
  /** Which benchmark: 'warm latency', 'cold start', 'http throughput', 'import', 'aggregation', 'report size'. */
  benchmark: string;
  /** Which case within it: a route, a function, a row count, a signatory count. */
  case: string;
};

export type Benchmark = {
  name: string;
  run: (options: BenchOptions) => Promise<BenchRow[]>;
};
