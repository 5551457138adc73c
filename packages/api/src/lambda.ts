import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { behindCloudFront } from './edge.ts';
import { publishMetrics, tracer } from './observability.ts';
import { redactingReplacer } from './redact.ts';

// The Lambda edge: middy for Lambda-level concerns only (log context, traces, metrics, the public
// host and private caching behind CloudFront, error logging); Hono owns HTTP (routing, validation,
// problem+json). No middy http-* middleware on top.

// Every string logged is redacted (tokens, emails), whatever an error message carries.
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker',
  jsonReplacerFn: redactingReplacer,
});

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its Env and schema
export function lambdaHandler(app: Hono<any, any, any>) {
  const handler = handle(app) as unknown as (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<APIGatewayProxyStructuredResultV2>;
  // Never the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it holds tokens, cookies and bodies;
  // nor the response in the trace, for the same reason.
  return middy(handler)
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(publishMetrics())
    .use(behindCloudFront())
    .onError(async (request) => {
      logger.error('unhandled error outside the app', { error: request.error });
    });
}
