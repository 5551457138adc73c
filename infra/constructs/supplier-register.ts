// The supplier register loader: an upload under `registers/` (an official Companies House or
// Charity Commission file, zipped or not) starts the loader function, which streams the file,
// sets register facts on the suppliers it matches and keeps progress on the load item. Failed
// invocations (after Lambda's retries) land in a queue, with an alarm: as the spend import.

import { Duration } from 'aws-cdk-lib';
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
import { grantRegisterRead, registersPrefix } from './uploads.ts';

export type SupplierRegisterLoaderProps = {
  table: ITableV2;
  bucket: IBucket;
  logRetention?: RetentionDays;
};

export class SupplierRegisterLoader extends Construct {
  readonly function: NodejsFunction;
  readonly failures: Queue;
  readonly failuresAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SupplierRegisterLoaderProps) {
    super(scope, id);

    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      'This queue is itself the dead letter destination (Lambda on-failure destination) of the register ' +
        'loader; a dead letter queue of its own would only move the same records one step further.',
    );
    acknowledge(
      this.failures,
      'Serverless-SQSRedrivePolicy',
      'This queue is where the register loader’s failures end (nothing consumes it; an alarm watches its depth): ' +
        'a redrive policy would move its messages to yet another queue after some receives.',
    );

    this.function = createNodeFunction(this, {
      name: 'supplier-register',
      // One full vCPU for parsing; the file is streamed and the supplier records held are few, so
      // memory is not the limit.
      memorySize: 1769,
      // Lambda's maximum: the whole Companies House file is about 5 million rows. A load is
      // idempotent (an unchanged fact writes nothing), so a retry ends where a clean run does.
      timeout: Duration.minutes(15),
      logRetention: props.logRetention,
      environment: { TABLE_NAME: props.table.tableName },
      retryAttempts: 2,
      onFailure: new SqsDestination(this.failures),
    });
    grantTableAccess(this.function, props.table, 'supplier-register');
    grantRegisterRead(this.function, props.bucket);

    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.function), {
      prefix: registersPrefix,
      suffix: '.data',
    });

    this.failuresAlarm = new Alarm(this, 'FailuresAlarm', {
      alarmName: alarmName(this, 'supplier-register-failures'),
      alarmDescription:
        'A register load failed after every retry: its S3 event and error are in the failures queue.',
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
