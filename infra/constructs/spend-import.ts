// The spend CSV import: an upload under `imports/` ending `.csv` starts the import function, which
// streams the file, writes the ledger in batches and keeps progress on the import item. Sized for a
// 100,000-row file. Failed invocations (after Lambda's retries) land in a queue, with an alarm.

import { Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import { createUploadJob } from './upload-job.ts';
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

    const job = createUploadJob(this, {
      name: 'spend-import',
      table: props.table,
      bucket: props.bucket,
      prefix: importsPrefix,
      suffix: importsSuffix,
      grantRead: grantImportRead,
      what: 'the spend import function (Lambda’s on-failure destination)',
      failuresAlarm: {
        name: 'spend-import-failures',
        description:
          'A spend import failed after every retry: its S3 event and error are in the failures queue.',
      },
      logRetention: props.logRetention,
    });
    this.function = job.function;
    this.failures = job.failures;
    this.failuresAlarm = job.failuresAlarm;
    acknowledgeNotificationsHandler(Stack.of(this));
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
