import type { StartReportRun } from '@compact-tracker/store/aggregation-runs';

/**
 * How the API and page functions start a run in AWS: the Lambda client is imported on the first
 * run started, not at the cold start of every request (the bundles keep it in a chunk of its own).
 */
export function lambdaReportRuns(): StartReportRun {
  return async (request) => {
    const { invokeReportJobs } = await import('./invoke.ts');
    await invokeReportJobs(request);
  };
}
