import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { redactingReplacer } from './redact.ts';

// The Lambda edge: middy for Lambda-level concerns only (log context, error logging); Hono owns
// HTTP (routing, validation, problem+json). No middy http-* middleware on top.

// Every string logged is redacted (tokens, emails), whatever an error message carries.
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker',
  jsonReplacerFn: redactingReplacer,
});

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its Env and schema
export function lambdaHandler(app: Hono<any, any, any>) {
  // Never the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it holds tokens, cookies and bodies.
  return middy(handle(app))
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .onError(async (request) => {
      logger.error('unhandled error outside the app', { error: request.error });
    });
}
