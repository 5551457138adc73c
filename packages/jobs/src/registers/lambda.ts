import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dbFromEnvironment } from '@compact-tracker/store/db';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { loadUploadedRegisters } from './s3-event.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-supplier-register',
});

/** The S3-triggered register loader: middy for log context and error logging only. */
export function supplierRegisterHandler() {
  const db = dbFromEnvironment();
  return middy(async (event: S3Event) =>
    loadUploadedRegisters(db, event, (message, extra) => logger.info(message, extra)),
  )
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .onError(async (request) => {
      logger.error('register load failed; Lambda retries asynchronous invocations', { error: request.error });
    });
}
