import type { ReportJob } from '@compact-tracker/store/report-snapshots';

/**
 * The environment variables that name each report job's function, for the functions that start
 * runs on demand (set by the stack, read by ./invoke.ts).
 */
export const jobFunctionVariables: Record<ReportJob, string> = {
  'aggregate-buying-power': 'AGGREGATE_BUYING_POWER_FUNCTION',
  'compute-scores': 'COMPUTE_SCORES_FUNCTION',
};
