// Where the stack's alarms go, and the alarms not owned by another construct: an SNS topic
// (encrypted with its own key, TLS only, optionally an email subscription from the `alarmEmail`
// context value) that every alarm notifies; the HTTP API's 5xx responses; errors and throttles of
// every function (API, scheduled jobs, spend import). Alarms made elsewhere (the import failures, the
// scheduled jobs' dead letters) are passed in to notify the same topic.

import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import type { FunctionName } from '../../functions/routes.ts';
import { acknowledge } from '../acknowledge.ts';
import type { ScheduledJobName } from './scheduled-jobs.ts';

/** Every alarm of the stack is named `<stack name>-<what>`: the topic accepts alarms so named only. */
export function alarmName(scope: IConstruct, what: string): string {
  return `${Stack.of(scope).stackName}-${what}`;
}

/** Server errors the API may return in 5 minutes before anyone is told (a few are bad requests' bugs). */
export const api5xxThreshold = 5;
const period = Duration.minutes(5);

export type AlarmsProps = {
  httpApi: IHttpApi;
  apiFunctions: Record<FunctionName, IFunction>;
  scheduledJobs: Record<ScheduledJobName, IFunction>;
  /** The S3-triggered spend import function. */
  spendImport: IFunction;
  /** The S3-triggered supplier register loader. */
  supplierRegister: IFunction;
  /** Alarms created elsewhere that should notify the topic too. */
  otherAlarms: Alarm[];
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
    for (const alarm of props.otherAlarms) this.notify(alarm);
  }

  private addThrottles(name: string, fn: IFunction): void {
    this.add(
      `${name}-throttles`,
      `Invocations of the ${name} function were throttled: the account's concurrency is exhausted.`,
      fn.metricThrottles({ period, statistic: 'Sum' }),
      1,
    );
  }

  private add(what: string, description: string, metric: IMetric, threshold: number): void {
    const alarm = new Alarm(this, what, {
      alarmName: alarmName(this, what),
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data is no requests, no runs: nothing wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }

  private notify(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.all.push(alarm);
  }
}
