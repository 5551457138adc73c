import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { businessMetrics } from '@compact-tracker/domain/metric-names';
import { dbFromEnvironment } from '@compact-tracker/store/db';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { count, publishMetrics, traced, tracer } from '../observability.ts';
import { importUploadedFiles } from './s3-event.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-spend-import',
});

/**
 * The S3-triggered import function: middy for log context, traces (DynamoDB and S3 subsegments),
 * the rows imported, rejected, already counted and restated as metrics, and error logging.
 */
export function spendImportHandler() {
  const db = dbFromEnvironment(traced);
  return middy(async (event: S3Event) => {
    const outcomes = await importUploadedFiles(db, event, (message, extra) => logger.info(message, extra), {
      instrumentS3: traced,
    });
    for (const outcome of outcomes) {
      count(businessMetrics.importedRows, outcome.rowsImported);
      count(businessMetrics.rejectedRows, outcome.rowsRejected);
      count(businessMetrics.duplicateRows, outcome.rowsDuplicate);
      count(businessMetrics.restatedRows, outcome.rowsRestated);
    }
    return outcomes;
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(publishMetrics())
    .onError(async (request) => {
      logger.error('import failed; S3 will not retry, Lambda retries asynchronous invocations', {
        error: request.error,
      });
    });
}
