// Where the stack's alarms go, and the alarms not owned by another construct: an SNS topic
// (encrypted with its own key, TLS only, an email subscription from the `alarmEmail` context value,
// required for prod) that every alarm notifies when it fires and again when it is OK; the HTTP API's
// 5xx responses, 4xx spikes and p99 latency; errors and throttles of every function (API, scheduled
// jobs, spend import); DynamoDB throttles and system errors; an import close to Lambda's 15-minute
// limit; a scheduled job that stopped running (its heartbeat metric). Alarms made elsewhere (the
// import failures, the scheduled jobs' dead letters) are passed in to notify the same topic.

import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import type { FunctionName } from '../../functions/routes.ts';
import { metricsNamespace, scheduledRunMetric, serviceName } from '../../packages/domain/src/metric-names.ts';
import { acknowledge } from '../acknowledge.ts';
import type { ScheduledJobName } from './scheduled-jobs.ts';

/** Every alarm of the stack is named `<stack name>-<what>`: the topic accepts alarms so named only. */
export function alarmName(scope: IConstruct, what: string): string {
  return `${Stack.of(scope).stackName}-${what}`;
}

/** Server errors the API may return in 5 minutes before anyone is told (a few are bad requests' bugs). */
export const api5xxThreshold = 5;
/** 4xx responses in each of two 5-minute periods that look like a broken client or a probe, not people. */
export const api4xxThreshold = 100;
/** The API's p99 latency (ms) over three 5-minute periods that says something is slow for everyone. */
export const apiP99LatencyMs = 3000;
/** An import running this long (of Lambda's 15-minute maximum) is close to being cut off. */
export const importDurationWarning = Duration.minutes(12);
/** How long a scheduled job may go without a completed run before someone is told. */
export const heartbeatWindows: Record<ScheduledJobName, Duration> = {
  'aggregate-buying-power': Duration.hours(3),
  'compute-scores': Duration.hours(26),
};
/** The DynamoDB operations the functions use: throttles and system errors are watched on these. */
export const tableOperations = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];
const period = Duration.minutes(5);

export type AlarmsProps = {
  httpApi: IHttpApi;
  apiFunctions: Record<FunctionName, IFunction>;
  scheduledJobs: Record<ScheduledJobName, IFunction>;
  /** The S3-triggered spend import function. */
  spendImport: IFunction;
  /** The S3-triggered supplier register loader. */
  supplierRegister: IFunction;
  /** The stream-triggered supplier fan-out. */
  supplierFanOut: IFunction;
  /** Alarms created elsewhere that should notify the topic too. */
  otherAlarms: Alarm[];
  table: ITableV2;
  /** Subscribed to the topic if set (the subscription must be confirmed from the email). */
  email?: string | undefined;
};

export class Alarms extends Construct {
  readonly key: Key;
  readonly topic: Topic;
  /** Every alarm that notifies the topic: this construct's and the others passed in. */
  readonly all: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A key of our own: CloudWatch cannot publish to a topic encrypted with the AWS managed key
    // (alias/aws/sns), whose policy cannot be changed to let it use the key.
    this.key = new Key(this, 'TopicKey', {
      description: 'Compact Tracker: encrypts the alarm notifications topic',
      enableKeyRotation: true,
      // It protects notifications in flight only: nothing to keep once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'Compact Tracker alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    // An explicit topic policy replaces SNS's default one, so CloudWatch must be let in by name:
    // only for this account's alarms of this stack.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisStack',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: alarmName(this, '*'),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.email) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
      acknowledge(
        subscription,
        'Serverless-SNSRedrivePolicy',
        'An email subscription to the alarm topic: a dead-letter queue for undelivered alarm emails ' +
          'could only be watched by an alarm that notifies this same topic, and every alarm stays ' +
          'visible in CloudWatch (state and history) whether or not its email arrived.',
      );
    }

    const api = props.httpApi;
    this.add(
      'api-5xx',
      `The HTTP API returned ${api5xxThreshold} or more 5xx responses in 5 minutes: see its access logs.`,
      api.metricServerError({ period, statistic: 'Sum' }),
      api5xxThreshold,
    );
    for (const [name, fn] of Object.entries(props.apiFunctions) as [FunctionName, IFunction][]) {
      this.add(
        `${name}-errors`,
        `The ${name} function failed (an error Hono did not turn into a response, a timeout or a crash): see its logs.`,
        fn.metricErrors({ period, statistic: 'Sum' }),
        1,
      );
      this.addThrottles(name, fn);
    }
    for (const [name, fn] of Object.entries(props.scheduledJobs) as [ScheduledJobName, IFunction][]) {
      this.add(
        `${name}-errors`,
        `A run of the scheduled ${name} job failed (Lambda retries it; after the last attempt its ` +
          'event goes to the scheduled jobs’ dead letter queue): see its logs.',
        fn.metricErrors({ period, statistic: 'Sum' }),
        1,
      );
      this.addThrottles(name, fn);
    }
    this.add(
      'spend-import-errors',
      'An attempt of a spend import failed (Lambda retries it; after the last attempt its S3 event goes ' +
        'to the failures queue): see the function’s logs.',
      props.spendImport.metricErrors({ period, statistic: 'Sum' }),
      1,
    );
    this.addThrottles('spend-import', props.spendImport);
    this.add(
      'supplier-register-errors',
      'An attempt of a register load failed (Lambda retries it; after the last attempt its S3 event goes ' +
        'to the failures queue): see the function’s logs.',
      props.supplierRegister.metricErrors({ period, statistic: 'Sum' }),
      1,
    );
    this.addThrottles('supplier-register', props.supplierRegister);
    this.add(
      'supplier-fanout-errors',
      'An invocation of the supplier fan-out failed (a crash or a timeout: a failing supplier is retried ' +
        'from its record; after the last attempt the batch goes to the failures queue): see its logs.',
      props.supplierFanOut.metricErrors({ period, statistic: 'Sum' }),
      1,
    );
    this.addThrottles('supplier-fanout', props.supplierFanOut);
    this.addServiceAlarms(props);
    for (const alarm of props.otherAlarms) this.notify(alarm);
  }

  private addServiceAlarms(props: AlarmsProps): void {
    const api = props.httpApi;
    this.add(
      'api-4xx-spike',
      `The HTTP API returned more than ${api4xxThreshold} 4xx responses in each of two 5-minute periods: ` +
        'a client stuck retrying, a broken page, or someone probing (see the access logs by ip and path).',
      api.metricClientError({ period, statistic: 'Sum' }),
      api4xxThreshold,
      { evaluationPeriods: 2, operator: ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
    this.add(
      'api-p99-latency',
      `The HTTP API's p99 latency was over ${apiP99LatencyMs} ms for 15 minutes: see the functions' ` +
        'durations and the X-Ray traces (DynamoDB and S3 calls show as subsegments).',
      api.metricLatency({ period, statistic: 'p99' }),
      apiP99LatencyMs,
      { evaluationPeriods: 3, operator: ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
    this.add(
      'table-throttles',
      'DynamoDB throttled requests to the table (on-demand capacity still has per-partition limits): ' +
        'see which operation in the dashboard and the functions’ 503s.',
      props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period }),
      1,
    );
    this.add(
      'table-system-errors',
      'DynamoDB answered requests to the table with 500s (its own errors): the functions retry, ' +
        'callers may have seen 503s; check the AWS Health Dashboard.',
      props.table.metricSystemErrorsForOperations({ operations: tableOperations, period }),
      1,
    );
    this.add(
      'spend-import-near-timeout',
      `A spend import ran longer than ${importDurationWarning.toMinutes()} minutes of Lambda's 15: a ` +
        'larger file will be cut off (it resumes on retry, but may never finish).',
      props.spendImport.metricDuration({ period, statistic: 'Maximum' }),
      importDurationWarning.toMilliseconds(),
    );
    for (const [name, window] of Object.entries(heartbeatWindows) as [ScheduledJobName, Duration][]) {
      this.add(
        `${name}-not-running`,
        `The scheduled ${name} job completed no run in ${window.toHours()} hours: the schedule may be ` +
          'disabled or deleted, or every run failing (see its errors alarm and the dead letter queue).',
        heartbeatMetric(name, Duration.hours(1)),
        1,
        {
          evaluationPeriods: window.toHours(),
          operator: ComparisonOperator.LESS_THAN_THRESHOLD,
          // No data is no run: exactly what this alarm is for.
          missing: TreatMissingData.BREACHING,
        },
      );
    }
  }

  private addThrottles(name: string, fn: IFunction): void {
    this.add(
      `${name}-throttles`,
      `Invocations of the ${name} function were throttled: the account's concurrency is exhausted.`,
      fn.metricThrottles({ period, statistic: 'Sum' }),
      1,
    );
  }

  private add(
    what: string,
    description: string,
    metric: IMetric,
    threshold: number,
    options: { evaluationPeriods?: number; operator?: ComparisonOperator; missing?: TreatMissingData } = {},
  ): void {
    const alarm = new Alarm(this, what, {
      alarmName: alarmName(this, what),
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: options.operator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data is no requests, no runs: nothing wrong (unless said otherwise).
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }

  /** The alarm notifies the topic when it fires and when it is OK again. */
  private notify(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.all.push(alarm);
  }
}

/** Completed runs of a scheduled job (published by the job: packages/jobs/src/reports/lambda.ts). */
export function heartbeatMetric(name: ScheduledJobName, metricPeriod: Duration): Metric {
  return new Metric({
    namespace: metricsNamespace,
    metricName: scheduledRunMetric,
    dimensionsMap: { service: serviceName(name) },
    period: metricPeriod,
    statistic: 'Sum',
  });
}
