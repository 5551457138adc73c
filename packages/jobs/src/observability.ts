import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace } from '@compact-tracker/domain/metric-names';
import { lambdaTracer } from '@compact-tracker/store/tracing';
import type { MiddlewareObj } from '@middy/core';

// Metrics and traces of the job functions, with Powertools (as packages/api/src/observability.ts
// does for the API's): counts as CloudWatch embedded metric format lines in the log, X-Ray
// subsegments for DynamoDB and S3 calls of clients passed through `traced`. Off outside Lambda.

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker-jobs';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? metricsNamespace,
  serviceName,
});

/** Powertools' Tracer in Lambda; outside it (where it would be off) a stand-in without the X-Ray SDK. */
export const tracer = await lambdaTracer(serviceName);

export function count(name: string, value = 1): void {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}

export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/** Publishes what the run counted (nothing if it counted nothing, so no warning). */
export function publishMetrics(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
