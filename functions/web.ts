import { lambdaHandler } from '@compact-tracker/api/lambda';
import { lambdaReportRuns } from '@compact-tracker/jobs/reports/lambda-runs';
import { webApp } from '@compact-tracker/web/app';

// "Run aggregation now" starts the job functions asynchronously, as POST /v1/admin/aggregations does.
export const handler = lambdaHandler(webApp({ startReportRun: lambdaReportRuns() }));
