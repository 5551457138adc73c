import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

// The Lambda edge: middy for Lambda-level concerns only (log context, error logging); Hono owns
// HTTP (routing, validation, problem+json). No middy http-* middleware on top.

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker' });

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its Env and schema
export function lambdaHandler(app: Hono<any, any, any>) {
  return middy(handle(app))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .onError(async (request) => {
      logger.error('unhandled error outside the app', { error: request.error });
    });
}
