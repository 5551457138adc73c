import { reportsApp } from '@compact-tracker/api/apps/reports';
import { depsFromEnvironment } from '@compact-tracker/api/deps';
import { lambdaHandler } from '@compact-tracker/api/lambda';
import { lambdaReportRuns } from '@compact-tracker/jobs/reports/lambda-runs';

// POST /v1/admin/aggregations starts the job functions asynchronously (their names in the environment).
export const handler = lambdaHandler(
  reportsApp({ ...depsFromEnvironment(), startReportRun: lambdaReportRuns() }),
);
