import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dbFromEnvironment } from '@compact-tracker/store/db';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { importUploadedFiles } from './s3-event.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-spend-import',
});

/** The S3-triggered import function: middy for log context and error logging only. */
export function spendImportHandler() {
  const db = dbFromEnvironment();
  return middy(async (event: S3Event) =>
    importUploadedFiles(db, event, (message, extra) => logger.info(message, extra)),
  )
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .onError(async (request) => {
      logger.error('import failed; S3 will not retry, Lambda retries asynchronous invocations', {
        error: request.error,
      });
    });
}
