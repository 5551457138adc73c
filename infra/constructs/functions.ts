// One Lambda function per API entry in functions/ (built as infra/constructs/node-function.ts says),
// each with only the table access it needs (infra/constructs/table-access.ts); the spend and web
// functions may also issue upload URLs, the reports and web functions start report runs.

import { SPEND_IMPORT_FUNCTION } from '@compact-tracker/jobs/import/rerun-variables';
import { jobFunctionVariables } from '@compact-tracker/jobs/reports/job-function-variables';
import type { ReportJob } from '@compact-tracker/store/report-snapshots';
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type FunctionName, functionNames } from '../../functions/routes.ts';
import { acknowledge } from '../acknowledge.ts';
import { createNodeFunction } from './node-function.ts';
import { grantTableAccess } from './table-access.ts';
import { grantRegisterUploadUrls, grantUploadUrls } from './uploads.ts';

/** The functions that hand out presigned upload URLs for spend imports: the API's and the pages'. */
export const uploadUrlFunctions: FunctionName[] = ['spend', 'web'];
/** The function that hands out presigned upload URLs for official register files (admins). */
export const registerUploadFunctions: FunctionName[] = ['suppliers'];

/** The functions that start report runs on demand: the API's (POST /v1/admin/aggregations) and the pages'. */
export const reportRunFunctions: FunctionName[] = ['reports', 'web'];

export type ApiFunctionsProps = {
  table: ITableV2;
  /** The user pool's issuer URL: public routes verify an optional bearer token themselves. */
  jwtIssuer: string;
  /** The user pool client id: the audience of the tokens. */
  jwtAudience: string;
  /** Spend CSV uploads: the upload URL functions get UPLOAD_BUCKET and may PUT under `imports/`. */
  uploadBucket?: IBucket;
  logRetention?: RetentionDays;
};

export class ApiFunctions extends Construct {
  readonly byName: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const entries = functionNames.map((name) => [name, this.createFunction(name, props)] as const);
    this.byName = Object.fromEntries(entries) as Record<FunctionName, NodejsFunction>;
  }

  /**
   * Lets the functions that start report runs invoke the job functions (asynchronously), named in
   * their environment.
   */
  allowStartingReportRuns(jobs: Record<ReportJob, IFunction>) {
    for (const name of reportRunFunctions) {
      const fn = this.byName[name];
      for (const [job, jobFunction] of Object.entries(jobs) as [ReportJob, IFunction][]) {
        fn.addEnvironment(jobFunctionVariables[job], jobFunction.functionName);
      }
      // The functions themselves (unqualified), not their versions and aliases: no wildcard.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: Object.values(jobs).map((jobFunction) => jobFunction.functionArn),
        }),
      );
    }
  }

  /**
   * Lets the functions that hand out upload URLs run an import again (confirmed after review, or
   * with a corrected reading) by invoking the import function asynchronously, named in their
   * environment.
   */
  allowRerunningImports(importFunction: IFunction) {
    for (const name of uploadUrlFunctions) {
      const fn = this.byName[name];
      fn.addEnvironment(SPEND_IMPORT_FUNCTION, importFunction.functionName);
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [importFunction.functionArn] }),
      );
    }
  }

  private createFunction(name: FunctionName, props: ApiFunctionsProps): NodejsFunction {
    const uploads = uploadUrlFunctions.includes(name) ? props.uploadBucket : undefined;
    const registers = registerUploadFunctions.includes(name) ? props.uploadBucket : undefined;
    const bucket = uploads ?? registers;
    const fn = createNodeFunction(this, {
      name,
      memorySize: 1024,
      // Every route answers in milliseconds (report runs go on in the job functions).
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: props.table.tableName,
        JWT_ISSUER: props.jwtIssuer,
        JWT_AUDIENCE: props.jwtAudience,
        ...(bucket ? { UPLOAD_BUCKET: bucket.bucketName } : {}),
      },
    });
    grantTableAccess(fn, props.table, name);
    if (uploads) grantUploadUrls(fn, uploads);
    if (registers) grantRegisterUploadUrls(fn, registers);
    acknowledge(
      fn,
      'Serverless-LambdaDLQ',
      `The ${name} function is invoked synchronously, by the HTTP API only: a failure is the caller's ` +
        '5xx (alarmed), and a dead-letter queue receives failed asynchronous invocations only.',
    );
    return fn;
  }
}
