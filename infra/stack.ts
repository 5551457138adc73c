// The whole service of one stage in one stack (`CompactTracker-<stage>`): table, user pool and its
// managed login, functions and the HTTP API in front of them, CloudFront (behind the edge stack's WAF
// web ACL), the spend CSV import (upload bucket, import function), the supplier register loader, the
// fan-out of changes of supplier facts (from the table's stream), the scheduled jobs, and
// operations: alarms (to an SNS topic; context `alarmEmail` subscribes an
// address), a dashboard, a budget alarm, backups. Sign-in context: `adminEmail` (and `adminName`)
// for the first administrator, `sesFromAddress` (and `sesRegion`) for email through SES.

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { metricsNamespace } from '../packages/domain/src/metric-names.ts';
import { Alarms } from './constructs/alarms.ts';
import { Backups } from './constructs/backups.ts';
import { CostBudget } from './constructs/budget.ts';
import { Cdn } from './constructs/cdn.ts';
import { OperationsDashboard } from './constructs/dashboard.ts';
import { ApiFunctions } from './constructs/functions.ts';
import { CompactHttpApi } from './constructs/http-api.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import { allowSesSending, SignIn } from './constructs/sign-in.ts';
import { SpendImport } from './constructs/spend-import.ts';
import { fanOutByStream, SupplierFanOut } from './constructs/supplier-fanout.ts';
import { SupplierRegisterLoader } from './constructs/supplier-register.ts';
import { CompactTable } from './constructs/table.ts';
import { UploadBucket } from './constructs/uploads.ts';
import { CompactUserPool } from './constructs/user-pool.ts';
import type { StageConfig } from './stage.ts';

export type CompactTrackerStackProps = StackProps & {
  config: StageConfig;
  /** The edge stack's WAF web ACL (CLOUDFRONT scope, us-east-1). */
  webAcl: { arn: string; name: string };
};

export class CompactTrackerStack extends Stack {
  readonly table: CompactTable;
  readonly users: CompactUserPool;
  readonly signIn: SignIn;
  readonly functions: ApiFunctions;
  readonly httpApi: CompactHttpApi;
  readonly uploads: UploadBucket;
  readonly spendImport: SpendImport;
  readonly supplierRegisters: SupplierRegisterLoader;
  readonly supplierFanOut: SupplierFanOut;
  readonly scheduledJobs: ScheduledJobs;
  readonly alarms: Alarms;
  readonly cdn: Cdn;
  readonly dashboard: OperationsDashboard;
  readonly budget: CostBudget;
  readonly backups: Backups;
  readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: CompactTrackerStackProps) {
    const { config, webAcl, ...stackProps } = props;
    super(scope, id, {
      description: `Compact Tracker (${config.stage}): sustainable procurement compacts, signatories, spend and reports`,
      ...stackProps,
    });
    this.config = config;

    this.table = new CompactTable(this, 'Data');
    this.users = new CompactUserPool(this, 'Users', {
      sesFromAddress: contextText(this, 'sesFromAddress'),
      sesRegion: contextText(this, 'sesRegion'),
    });
    this.uploads = new UploadBucket(this, 'Uploads');
    this.functions = new ApiFunctions(this, 'Functions', {
      table: this.table.table,
      uploadBucket: this.uploads.bucket,
      jwtIssuer: this.users.issuerUrl,
      jwtAudience: this.users.client.userPoolClientId,
    });
    this.httpApi = new CompactHttpApi(this, 'Http', { functions: this.functions.byName });
    this.cdn = new Cdn(this, 'Cdn', {
      api: this.httpApi.api,
      webAclArn: webAcl.arn,
      stage: config.stage,
      customDomain: config.customDomain,
    });

    // People sign in on the site's public addresses: CloudFront's, and the custom domain if any.
    const customDomain = config.customDomain?.domainName;
    this.signIn = new SignIn(this, 'SignIn', {
      users: this.users,
      stage: config.stage,
      siteUrls: [
        `https://${this.cdn.distribution.distributionDomainName}`,
        ...(customDomain ? [`https://${customDomain}`] : []),
      ],
      adminEmail: contextText(this, 'adminEmail'),
      adminName: contextText(this, 'adminName'),
    });
    // The pages end the managed login's session on sign-out, and email invitations through SES
    // when a verified sender is given (else they show the inviter the link to pass on).
    this.functions.byName.web.addEnvironment('SIGN_IN_LOGOUT_URL', this.signIn.logoutUrl);
    const sesFrom = contextText(this, 'sesFromAddress');
    if (sesFrom) allowSesSending(this.functions.byName.web, sesFrom, contextText(this, 'sesRegion'));

    this.spendImport = new SpendImport(this, 'SpendImport', {
      table: this.table.table,
      bucket: this.uploads.bucket,
    });
    this.functions.allowRerunningImports(this.spendImport.function);

    this.supplierRegisters = new SupplierRegisterLoader(this, 'SupplierRegisters', {
      table: this.table.table,
      bucket: this.uploads.bucket,
    });
    // Changes of supplier facts fan out from the table's stream, not in the function that wrote them.
    this.supplierFanOut = new SupplierFanOut(this, 'SupplierFanOut', { table: this.table.table });
    for (const fn of [
      this.functions.byName.suppliers,
      this.functions.byName.web,
      this.supplierRegisters.function,
    ]) {
      fn.addEnvironment(fanOutByStream.variable, fanOutByStream.value);
    }

    this.scheduledJobs = new ScheduledJobs(this, 'ScheduledJobs', { table: this.table.table });
    this.functions.allowStartingReportRuns(this.scheduledJobs.functions);

    this.alarms = new Alarms(this, 'Alarms', {
      httpApi: this.httpApi.api,
      apiFunctions: this.functions.byName,
      scheduledJobs: this.scheduledJobs.functions,
      spendImport: this.spendImport.function,
      supplierRegister: this.supplierRegisters.function,
      supplierFanOut: this.supplierFanOut.function,
      otherAlarms: [
        this.spendImport.failuresAlarm,
        this.supplierRegisters.failuresAlarm,
        this.supplierFanOut.failuresAlarm,
        this.supplierFanOut.iteratorAgeAlarm,
        this.scheduledJobs.deadLettersAlarm,
      ],
      table: this.table.table,
      email: config.alarmEmail,
    });
    const allFunctions = {
      ...this.functions.byName,
      ...this.scheduledJobs.functions,
      'spend-import': this.spendImport.function,
      'supplier-register': this.supplierRegisters.function,
      'supplier-fanout': this.supplierFanOut.function,
    };
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      stage: config.stage,
      httpApi: this.httpApi.api,
      functions: allFunctions,
      table: this.table.table,
      scheduledJobs: Object.keys(
        this.scheduledJobs.functions,
      ) as (keyof typeof this.scheduledJobs.functions)[],
      webAclName: webAcl.name,
    });
    this.budget = new CostBudget(this, 'Budget', {
      stage: config.stage,
      amount: config.monthlyBudget,
      topic: this.alarms.topic,
      topicKey: this.alarms.key,
    });
    this.backups = new Backups(this, 'Backups', {
      table: this.table.table,
      stage: config.stage,
      copyVaultArn: config.backupCopyVaultArn,
    });
    // Every function: the stage's log level, and metrics under one namespace.
    for (const fn of Object.values(allFunctions)) {
      fn.addEnvironment('POWERTOOLS_LOG_LEVEL', config.logLevel);
      fn.addEnvironment('POWERTOOLS_METRICS_NAMESPACE', metricsNamespace);
    }

    new CfnOutput(this, 'SiteUrl', {
      value: `https://${config.customDomain?.domainName ?? this.cdn.distribution.distributionDomainName}/`,
      description:
        'The site and API, through CloudFront (WAF, caching, compression); with a custom domain, point ' +
        'its DNS (CNAME or alias) at the distribution.',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.cdn.distribution.distributionDomainName,
      description: 'CloudFront’s own host name: the target of the custom domain’s DNS record',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.httpApi.stage.url,
      description: 'The HTTP API itself (behind CloudFront; the SiteUrl is the public address)',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', {
      value: this.signIn.domain.baseUrl(),
      description: "The user pool's managed login (sign-up, sign-in, password reset)",
    });
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

/** A non-empty string from `-c key=value`, else undefined. */
function contextText(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
