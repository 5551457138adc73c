// The spend CSV import: an upload under `imports/` ending `.csv` starts the import function, which
// streams the file, writes the ledger in batches and keeps progress on the import item. Sized for a
// 100,000-row file. Failed invocations (after Lambda's retries) land in a queue, with an alarm.

import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import { alarmName } from './alarms.ts';
import { createNodeFunction } from './node-function.ts';
import { grantTableAccess } from './table-access.ts';
import { grantImportRead, importsPrefix, importsSuffix } from './uploads.ts';

export type SpendImportProps = {
  table: ITableV2;
  bucket: IBucket;
  logRetention?: RetentionDays;
};

export class SpendImport extends Construct {
  readonly function: NodejsFunction;
  /** Asynchronous invocations that failed every attempt: the S3 event, the error, the request id. */
  readonly failures: Queue;
  readonly failuresAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SpendImportProps) {
    super(scope, id);

    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      'This queue is itself the dead letter destination (Lambda on-failure destination) of the spend ' +
        'import function; a dead letter queue of its own would only move the same records one step further.',
    );
    acknowledge(
      this.failures,
      'Serverless-SQSRedrivePolicy',
      'This queue is where the spend import function’s failures end (nothing consumes it; an alarm watches its depth): ' +
        'a redrive policy would move its messages to yet another queue after some receives.',
    );

    this.function = createNodeFunction(this, {
      name: 'spend-import',
      // One full vCPU: Lambda allocates CPU in proportion to memory, and 1,769 MB is where a function
      // gets a whole one. Parsing and validating 100,000 rows is single-threaded CPU work; more memory
      // would add a second vCPU the job cannot use. The file is streamed, so memory is not the limit.
      memorySize: 1769,
      // Lambda's maximum: a 100,000-row file is written in batches, with progress on the import item.
      timeout: Duration.minutes(15),
      logRetention: props.logRetention,
      environment: { TABLE_NAME: props.table.tableName },
      // Lambda's default, said out loud: the job is idempotent (a re-run ends with exact totals).
      retryAttempts: 2,
      onFailure: new SqsDestination(this.failures),
      // No reserved concurrency: new accounts have 10 concurrent executions and a reservation that
      // leaves fewer than 10 unreserved fails the deployment; imports are rare and on-demand
      // DynamoDB absorbs the writes.
    });
    grantTableAccess(this.function, props.table, 'spend-import');
    grantImportRead(this.function, props.bucket);

    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.function), {
      prefix: importsPrefix,
      suffix: importsSuffix,
    });
    acknowledgeNotificationsHandler(Stack.of(this));

    this.failuresAlarm = new Alarm(this, 'FailuresAlarm', {
      alarmName: alarmName(this, 'spend-import-failures'),
      alarmDescription:
        'A spend import failed after every retry: its S3 event and error are in the failures queue.',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The id aws-cdk-lib gives its singleton BucketNotificationsHandler in the stack. */
export const notificationsHandlerId = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * addEventNotification puts a CDK-provided function in the stack (one per stack) that writes the
 * bucket's notification configuration during deployment; its role is the CDK's to shape.
 */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild(notificationsHandlerId);
  if (!handler) throw new Error(`no ${notificationsHandlerId}: has aws-cdk-lib renamed it?`);
  acknowledge(
    handler,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The CDK’s own bucket notifications handler (aws-s3-notifications), which runs only during ' +
      'deployment to write the upload bucket’s notification configuration; the CDK creates its role ' +
      'with the basic execution managed policy and offers no way to replace it.',
  );
}
