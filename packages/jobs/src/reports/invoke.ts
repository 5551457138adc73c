import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { REPORT_RUN_JOBS, type ReportRunRequest } from '@compact-tracker/store/aggregation-runs';
import type { ReportJob } from '@compact-tracker/store/report-snapshots';
import { traced } from '../observability.ts';
import { jobFunctionVariables } from './job-function-variables.ts';

// Starts a requested run in AWS: each job function is invoked asynchronously (InvocationType
// Event: Lambda queues the event and answers 202 at once; it retries a failed run twice, and the
// scheduled time keeps a retry from writing anything twice). The functions' names come from the
// environment the stack sets: AGGREGATE_BUYING_POWER_FUNCTION and COMPUTE_SCORES_FUNCTION.

/** The payload a job function receives: what EventBridge Scheduler sends, plus the run. */
export type ReportJobInvocation = ReportRunRequest & { job: ReportJob };

let client: LambdaClient | undefined;

export async function invokeReportJobs(request: ReportRunRequest): Promise<void> {
  // Traced: each Invoke shows as a subsegment of the request that started the run.
  client ??= traced(new LambdaClient({}));
  const lambda = client;
  await Promise.all(
    REPORT_RUN_JOBS.map((job) => {
      const variable = jobFunctionVariables[job];
      const functionName = process.env[variable];
      if (!functionName) throw new Error(`${variable} is not set: the report jobs cannot be started`);
      const payload: ReportJobInvocation = { ...request, job };
      return lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    }),
  );
}
