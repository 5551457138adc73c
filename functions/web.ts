import { lambdaHandler } from '@compact-tracker/api/lambda';
import { withLambdaRerun } from '@compact-tracker/jobs/import/lambda-rerun';
import { lambdaReportRuns } from '@compact-tracker/jobs/reports/lambda-runs';
import { webApp } from '@compact-tracker/web/app';

// "Run aggregation now" starts the job functions asynchronously, as POST /v1/admin/aggregations does.
// Confirming or retrying an import from its page invokes the import function again.
export const handler = lambdaHandler(
  webApp({ startReportRun: lambdaReportRuns(), rerunImports: withLambdaRerun }),
);
