// The supplier register loader: an upload under `registers/` (an official Companies House or
// Charity Commission file, zipped or not) starts the loader function, which streams the file,
// sets register facts on the suppliers it matches and keeps progress on the load item. Failed
// invocations (after Lambda's retries) land in a queue, with an alarm: as the spend import.

import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createUploadJob } from './upload-job.ts';
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

    // The whole Companies House file is about 5 million rows, streamed; the supplier records held
    // are few. A load is idempotent (an unchanged fact writes nothing).
    const job = createUploadJob(this, {
      name: 'supplier-register',
      table: props.table,
      bucket: props.bucket,
      prefix: registersPrefix,
      suffix: '.data',
      grantRead: grantRegisterRead,
      what: 'the register loader (Lambda’s on-failure destination)',
      failuresAlarm: {
        name: 'supplier-register-failures',
        description:
          'A register load failed after every retry: its S3 event and error are in the failures queue.',
      },
      logRetention: props.logRetention,
    });
    this.function = job.function;
    this.failures = job.failures;
    this.failuresAlarm = job.failuresAlarm;
  }
}
