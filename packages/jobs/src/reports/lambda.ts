import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { scheduledRunMetric } from '@compact-tracker/domain/metric-names';
import { dbFromEnvironment } from '@compact-tracker/store/db';
import type { ReportJob } from '@compact-tracker/store/report-snapshots';
import middy from '@middy/core';
import { count, publishMetrics, traced, tracer } from '../observability.ts';
import { runRequestedJob } from './requested-run.ts';
import { runReportJob } from './run.ts';
import { readInvocation } from './scheduled-event.ts';

// The two scheduled functions (EventBridge Scheduler: retries and a dead-letter queue in the
// stack), also invoked asynchronously for runs started on demand (they then record their progress
// on the run): middy for log context, traces, the heartbeat metric (one per completed scheduled
// run: an alarm fires when they stop) and error logging. The scheduled time is the run's
// idempotency key, so a retried invocation writes nothing twice.

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-reports' });

function reportJobHandler(job: ReportJob) {
  const db = dbFromEnvironment(traced);
  return middy(async (event: unknown) => {
    const invocation = readInvocation(event, new Date());
    if (invocation.job !== null && invocation.job !== job) {
      logger.warn("the schedule names another job; running this function's own", {
        named: invocation.job,
        job,
      });
    }
    const summary = invocation.run
      ? await runRequestedJob(db, job, { ...invocation.run, scheduledTime: invocation.scheduledTime })
      : await runReportJob(db, job, { scheduledTime: invocation.scheduledTime });
    logger.info('report job finished', { ...summary, source: invocation.source });
    // Only scheduled runs beat: a run started on demand must not hide a schedule that stopped.
    if (!invocation.run) count(scheduledRunMetric);
    return summary;
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishMetrics())
    .onError(async (request) => {
      logger.error(
        'report job failed; the scheduler retries, then sends the event to its dead-letter queue',
        {
          job,
          error: request.error,
        },
      );
    });
}

/** Hourly: combined buying power, logged spend and its shares, carbon, Flexible Framework levels. */
export const aggregateBuyingPowerHandler = () => reportJobHandler('aggregate-buying-power');

/** Daily: every signatory's score and reporting status, and the partnership's score. */
export const computeScoresHandler = () => reportJobHandler('compute-scores');
