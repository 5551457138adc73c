// One CloudWatch dashboard per stage: the API (requests, errors, latency), the functions (errors,
// duration, throttles), the table (throttles, consumed capacity), WAF (blocked requests), the
// business metrics the functions publish, and the scheduled jobs' heartbeats.

import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { businessMetrics, metricsNamespace } from '../../packages/domain/src/metric-names.ts';
import { heartbeatMetric, tableOperations } from './alarms.ts';
import type { ScheduledJobName } from './scheduled-jobs.ts';

export type OperationsDashboardProps = {
  stage: string;
  httpApi: IHttpApi;
  /** Every function of the stack, by name. */
  functions: Record<string, IFunction>;
  table: ITableV2;
  scheduledJobs: ScheduledJobName[];
  /** The WAF web ACL's name (its metrics live in us-east-1). */
  webAclName: string;
};

const period = Duration.minutes(5);

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const fns = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction) => IMetric) => fns.map(([, fn]) => metric(fn));
    // Each function publishes with its own `service` dimension: add them up, whichever function it was.
    const business = (name: string) =>
      new MathExpression({
        expression: `SUM(SEARCH('{${metricsNamespace},service} MetricName="${name}"', 'Sum', 3600))`,
        label: name,
        period: Duration.hours(1),
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `compact-tracker-${props.stage}`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# Compact Tracker (${props.stage})\n` +
          `Stack \`${Stack.of(this).stackName}\`. Every alarm emails the alarm topic; the README's deploy section says what each means.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [
          props.httpApi.metricCount({ period, statistic: 'Sum' }),
          props.httpApi.metricClientError({ period, statistic: 'Sum' }),
          props.httpApi.metricServerError({ period, statistic: 'Sum' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: ['p50', 'p90', 'p99'].map((statistic) => props.httpApi.metricLatency({ period, statistic })),
        width: 8,
      }),
      new GraphWidget({
        title: 'WAF blocked requests',
        left: [
          new Metric({
            namespace: 'AWS/WAFV2',
            metricName: 'BlockedRequests',
            dimensionsMap: { WebACL: props.webAclName, Rule: 'ALL' },
            region: 'us-east-1',
            statistic: 'Sum',
            period,
          }),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: perFunction((fn) => fn.metricErrors({ period, statistic: 'Sum' })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function duration p99 (ms)',
        left: perFunction((fn) => fn.metricDuration({ period, statistic: 'p99' })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: perFunction((fn) => fn.metricThrottles({ period, statistic: 'Sum' })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      // One widget each: the two expressions name their per-operation metrics alike.
      new GraphWidget({
        title: 'DynamoDB throttled requests',
        left: [props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB system errors',
        left: [props.table.metricSystemErrorsForOperations({ operations: tableOperations, period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: [
          props.table.metricConsumedReadCapacityUnits({ period, statistic: 'Sum' }),
          props.table.metricConsumedWriteCapacityUnits({ period, statistic: 'Sum' }),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Signatures, spend returns and supplier reclassifications (per hour)',
        left: [
          business(businessMetrics.signatures),
          business(businessMetrics.spendReturns),
          business(businessMetrics.reclassifications),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Spend import rows (per hour)',
        left: [
          business(businessMetrics.importedRows),
          business(businessMetrics.rejectedRows),
          business(businessMetrics.duplicateRows),
          business(businessMetrics.restatedRows),
        ],
        width: 8,
      }),
      new SingleValueWidget({
        title: 'Scheduled runs completed (last day)',
        metrics: props.scheduledJobs.map((name) => heartbeatMetric(name, Duration.days(1))),
        width: 8,
      }),
    );
  }
}
