import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type BusinessMetric, metricsNamespace } from '@compact-tracker/domain/metric-names';
import { lambdaTracer } from '@compact-tracker/store/tracing';
import type { MiddlewareObj } from '@middy/core';

// Metrics and traces of a Lambda function, with Powertools: business counts as CloudWatch embedded
// metric format lines in the function's log (namespace CompactTracker, dimension `service`), and
// X-Ray subsegments for every DynamoDB and S3 call of clients passed through `traced`. Outside Lambda
// (the laptop, the tests) the tracer is off by itself and nothing publishes the metrics.

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'compact-tracker';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? metricsNamespace,
  serviceName,
});

/** Powertools' Tracer in Lambda; outside it (where it would be off) a stand-in without the X-Ray SDK. */
export const tracer = await lambdaTracer(serviceName);

/** What services count business events with (Deps.metrics): absent on the laptop and in tests. */
export type MetricsSink = { count: (name: BusinessMetric, value?: number) => void };

export const powertoolsMetricsSink: MetricsSink = {
  count: (name, value = 1) => {
    if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
  },
};

/** An AWS SDK v3 client whose calls show as X-Ray subsegments (a no-op outside Lambda). */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/**
 * Publishes the invocation's metrics after it, if it counted any: Powertools' logMetrics middleware
 * would log a warning on every request that counted nothing (most reads).
 */
export function publishMetrics(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
