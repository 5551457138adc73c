import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dbFromEnvironment } from '@compact-tracker/store/db';
import middy from '@middy/core';
import { fanOutSupplierChanges } from './fan-out.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-supplier-fanout',
});

/** The stream-triggered fan-out of changes of supplier facts: middy for log context only. */
export function supplierFanOutHandler() {
  const db = dbFromEnvironment();
  return middy(async (event: unknown) =>
    fanOutSupplierChanges(db, event, (level, message, extra) =>
      level === 'error' ? logger.error(message, extra) : logger.info(message, extra),
    ),
  ).use(injectLambdaContext(logger, { resetKeys: true }));
}
