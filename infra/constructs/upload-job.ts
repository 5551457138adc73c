// A job an upload starts: an object created under a prefix of the upload bucket invokes the job's
// function (asynchronously, by an S3 event), which streams the file; its role may read those objects
// and the table as infra/constructs/table-access.ts grants it. Invocations that fail every attempt
// (Lambda retries twice) land in a failures queue with an alarm. The spend import and the supplier
// register loader are such jobs.

import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { JobFunctionName } from '../bundling.ts';
import { failuresAlarm, failuresQueue } from './failures.ts';
import { createNodeFunction } from './node-function.ts';
import { grantTableAccess } from './table-access.ts';

export type UploadJobProps = {
  name: JobFunctionName;
  table: ITableV2;
  bucket: IBucket;
  /** The uploads that start it: keys under `prefix` ending `suffix`. */
  prefix: string;
  suffix: string;
  /** Lets the function read (stream) those uploads. */
  grantRead: (fn: IFunction, bucket: IBucket) => void;
  /** What the failures queue is the end of, and what its alarm says. */
  what: string;
  failuresAlarm: { name: string; description: string };
  logRetention?: RetentionDays | undefined;
};

export type UploadJob = { function: NodejsFunction; failures: Queue; failuresAlarm: Alarm };

/** Creates the job's function, failures queue and alarm in `scope` (ids as createNodeFunction's, `Failures`, `FailuresAlarm`). */
export function createUploadJob(scope: Construct, props: UploadJobProps): UploadJob {
  const failures = failuresQueue(scope, props.what);
  const fn = createNodeFunction(scope, {
    name: props.name,
    // One full vCPU: Lambda allocates CPU in proportion to memory, and 1,769 MB is where a function
    // gets a whole one. Parsing a file is single-threaded CPU work; more memory would add a second
    // vCPU the job cannot use. The file is streamed, so memory is not the limit.
    memorySize: 1769,
    // Lambda's maximum: files are written in batches, with progress on the job's item. The jobs are
    // idempotent, so a retry ends where a clean run does.
    timeout: Duration.minutes(15),
    logRetention: props.logRetention,
    environment: { TABLE_NAME: props.table.tableName },
    // Lambda's default, said out loud.
    retryAttempts: 2,
    onFailure: new SqsDestination(failures),
    // No reserved concurrency: new accounts have 10 concurrent executions and a reservation that
    // leaves fewer than 10 unreserved fails the deployment; uploads are rare and on-demand
    // DynamoDB absorbs the writes.
  });
  grantTableAccess(fn, props.table, props.name);
  props.grantRead(fn, props.bucket);
  props.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
    prefix: props.prefix,
    suffix: props.suffix,
  });
  return { function: fn, failures, failuresAlarm: failuresAlarm(scope, failures, props.failuresAlarm) };
}
