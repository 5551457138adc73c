// The whole service in one stack: table, user pool, functions and the HTTP API in front of them,
// the spend CSV import (upload bucket, import function), the supplier register loader, the scheduled jobs, and the alarms
// (to an SNS topic; context `alarmEmail` subscribes an address to it).

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.ts';
import { ApiFunctions } from './constructs/functions.ts';
import { CompactHttpApi } from './constructs/http-api.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import { SpendImport } from './constructs/spend-import.ts';
import { SupplierRegisterLoader } from './constructs/supplier-register.ts';
import { CompactTable } from './constructs/table.ts';
import { UploadBucket } from './constructs/uploads.ts';
import { CompactUserPool } from './constructs/user-pool.ts';

export class CompactTrackerStack extends Stack {
  readonly table: CompactTable;
  readonly users: CompactUserPool;
  readonly functions: ApiFunctions;
  readonly httpApi: CompactHttpApi;
  readonly uploads: UploadBucket;
  readonly spendImport: SpendImport;
  readonly supplierRegisters: SupplierRegisterLoader;
  readonly scheduledJobs: ScheduledJobs;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'Compact Tracker: sustainable procurement compacts, signatories, spend and reports',
      ...props,
    });

    this.table = new CompactTable(this, 'Data');
    this.users = new CompactUserPool(this, 'Users');
    this.uploads = new UploadBucket(this, 'Uploads');
    this.functions = new ApiFunctions(this, 'Functions', {
      table: this.table.table,
      uploadBucket: this.uploads.bucket,
      jwtIssuer: this.users.issuerUrl,
      jwtAudience: this.users.client.userPoolClientId,
    });
    this.httpApi = new CompactHttpApi(this, 'Http', {
      functions: this.functions.byName,
      jwtIssuer: this.users.issuerUrl,
      jwtAudience: this.users.client.userPoolClientId,
    });

    this.spendImport = new SpendImport(this, 'SpendImport', {
      table: this.table.table,
      bucket: this.uploads.bucket,
    });

    this.supplierRegisters = new SupplierRegisterLoader(this, 'SupplierRegisters', {
      table: this.table.table,
      bucket: this.uploads.bucket,
    });

    this.scheduledJobs = new ScheduledJobs(this, 'ScheduledJobs', { table: this.table.table });
    this.functions.allowStartingReportRuns(this.scheduledJobs.functions);

    const email: unknown = this.node.tryGetContext('alarmEmail');
    this.alarms = new Alarms(this, 'Alarms', {
      httpApi: this.httpApi.api,
      apiFunctions: this.functions.byName,
      scheduledJobs: this.scheduledJobs.functions,
      spendImport: this.spendImport.function,
      supplierRegister: this.supplierRegisters.function,
      otherAlarms: [
        this.spendImport.failuresAlarm,
        this.supplierRegisters.failuresAlarm,
        this.scheduledJobs.deadLettersAlarm,
      ],
      email: typeof email === 'string' && email !== '' ? email : undefined,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.stage.url, description: 'The API and site URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UploadBucketName', {
      value: this.uploads.bucket.bucketName,
      description: 'Spend CSV uploads (imports/{organisationId}/{importId}.csv)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Every alarm notifies this SNS topic: subscribe to it (or deploy with -c alarmEmail=...)',
    });
  }
}
