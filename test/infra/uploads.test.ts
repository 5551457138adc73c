import { importUploadKey, parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { registerUploadFunctions, uploadUrlFunctions } from '../../infra/constructs/functions.ts';
import { importsPrefix, importsSuffix, uploadExpiryDays } from '../../infra/constructs/uploads.ts';
import { allowedActions, arnWith, buildStack, type Resource } from './build-stack.ts';

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const bucketId = logicalId(stack.uploads.bucket);
const tableId = logicalId(stack.table.table);
const importId = logicalId(stack.spendImport.function);
const queueId = logicalId(stack.spendImport.failures);
const importsObjects = arnWith(bucketId, `/${importsPrefix}*`);
const importFunction = resources[importId] as Resource;

describe('the upload bucket', () => {
  it("is the only bucket, and the application's key layout is under its prefix", () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(importsPrefix).toBe('imports/');
    expect(importUploadKey('org1', 'imp1')).toBe('imports/org1/imp1.csv');
    const key = importUploadKey('org1', 'imp1');
    expect(key.startsWith(importsPrefix) && key.endsWith(importsSuffix)).toBe(true);
    expect(parseImportUploadKey(key)).toEqual({ organisationId: 'org1', importId: 'imp1' });
  });

  it('is private: all public access blocked, ACLs disabled', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('is encrypted at rest and kept when the stack goes', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    });
    // No autoDeleteObjects: no custom resource that empties the bucket.
    expect(ofType('Custom::S3AutoDeleteObjects')).toEqual([]);
  });

  it('refuses requests without TLS (1.2 or later)', () => {
    const policies = ofType('AWS::S3::BucketPolicy').map(([, r]) => r.Properties);
    const [policy, ...others] = policies;
    if (!policy) throw new Error('no bucket policy');
    expect(others).toEqual([]);
    expect(policy.Bucket).toEqual({ Ref: bucketId });
    const statements = (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const everything = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, arnWith(bucketId, '/*')];
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: everything,
        },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          Resource: everything,
        },
      ]),
    );
    // The bucket policy only denies: it grants nobody anything.
    expect(statements.every((s) => s.Effect === 'Deny')).toBe(true);
  });

  it(`expires uploads after ${uploadExpiryDays} days and abandoned multipart uploads after 1`, () => {
    expect(uploadExpiryDays).toBe(7);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Status: 'Enabled', Prefix: 'imports/', ExpirationInDays: 7 }),
          Match.objectLike({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
    });
  });

  it('lets browsers PUT to it across origins, nothing else', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['*'] }),
        ],
      },
    });
  });

  it('outputs its name', () => {
    expect(template.findOutputs('UploadBucketName').UploadBucketName?.Value).toEqual({ Ref: bucketId });
  });
});

describe('the import function', () => {
  it('runs Node.js 24 on arm64 with one full vCPU for up to 15 minutes', () => {
    expect(importFunction.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 1769,
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it('knows the table and its service name, and nothing of the API', () => {
    const variables = (importFunction.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toEqual({
      TABLE_NAME: { Ref: tableId },
      POWERTOOLS_SERVICE_NAME: 'compact-tracker-spend-import',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_METRICS_NAMESPACE: 'CompactTracker',
    });
  });

  it('logs to its own log group only', () => {
    const logGroup = (importFunction.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup;
    expect(resources[logGroup.Ref]?.Properties.RetentionInDays).toEqual(expect.any(Number));
    const logs = allowedActions(resources, importId).filter((a) => a.action.startsWith('logs:'));
    expect(logs.length).toBeGreaterThan(0);
    for (const { resource } of logs) expect(resource).toEqual({ 'Fn::GetAtt': [logGroup.Ref, 'Arn'] });
  });

  it('starts for every .csv object created under imports/ (and the register loader for registers/)', () => {
    const notifications = ofType('Custom::S3BucketNotifications').map(([, r]) => r.Properties);
    expect(notifications).toHaveLength(1);
    const registerId = logicalId(stack.supplierRegisters.function);
    expect(notifications[0]).toMatchObject({
      BucketName: { Ref: bucketId },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            LambdaFunctionArn: { 'Fn::GetAtt': [importId, 'Arn'] },
            Filter: {
              Key: {
                FilterRules: expect.arrayContaining([
                  { Name: 'prefix', Value: 'imports/' },
                  { Name: 'suffix', Value: '.csv' },
                ]),
              },
            },
          },
          {
            Events: ['s3:ObjectCreated:*'],
            LambdaFunctionArn: { 'Fn::GetAtt': [registerId, 'Arn'] },
            Filter: {
              Key: {
                FilterRules: expect.arrayContaining([
                  { Name: 'prefix', Value: 'registers/' },
                  { Name: 'suffix', Value: '.data' },
                ]),
              },
            },
          },
        ],
      },
    });
    // Nothing else is notified (no topic, no queue, no EventBridge).
    expect(Object.keys(notifications[0]?.NotificationConfiguration as object)).toEqual([
      'LambdaFunctionConfigurations',
    ]);
  });

  it('may be invoked by S3 only for this bucket in this account', () => {
    const permissions = ofType('AWS::Lambda::Permission')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.FunctionName).includes(`"${importId}"`));
    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [importId, 'Arn'] },
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: { 'Fn::GetAtt': [bucketId, 'Arn'] },
      },
    ]);
  });

  it('reads and writes the table, reads imports/* and sends failures to its queue, nothing else', () => {
    const allowed = allowedActions(resources, importId);
    const actions = new Set(allowed.map((a) => a.action));
    // Exactly what its code sends (by key only, no queries): test/infra/least-privilege.test.ts.
    for (const action of [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
    ]) {
      expect(actions, action).toContain(action);
    }
    for (const { action, resource } of allowed.filter((a) => a.action.startsWith('dynamodb:'))) {
      expect(JSON.stringify(resource), action).toContain(`"${tableId}"`);
    }

    const s3 = allowed.filter((a) => a.action.startsWith('s3:'));
    expect(s3).toEqual([{ action: 's3:GetObject', resource: importsObjects }]);

    const sqs = allowed.filter((a) => a.action.startsWith('sqs:'));
    expect(sqs.map((a) => a.action).sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    for (const { resource } of sqs) expect(resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });

    expect(allowed.filter((a) => !/^(dynamodb|logs|s3|sqs|xray):/.test(a.action))).toEqual([]);
    expect([...actions].filter((a) => a.includes('*'))).toEqual([]);
  });

  it('is retried twice, then its event goes to an encrypted, TLS-only failure queue with an alarm', () => {
    // The import's own configuration (the scheduled jobs have theirs: test/infra/schedules.test.ts).
    const configs = ofType('AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: importId }));
    expect(configs).toEqual([
      {
        FunctionName: { Ref: importId },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      },
    ]);
    expect(resources[queueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('upload URLs', () => {
  it('come from the spend API and the pages, which know the bucket', () => {
    expect(uploadUrlFunctions).toEqual(['spend', 'web']);
  });

  it.each(uploadUrlFunctions)('%s knows the bucket and may only PUT under imports/', (name) => {
    const id = logicalId(stack.functions.byName[name]);
    expect(resources[id]?.Properties).toMatchObject({
      Environment: { Variables: { UPLOAD_BUCKET: { Ref: bucketId } } },
    });
    const s3 = allowedActions(resources, id).filter((a) => a.action.startsWith('s3:'));
    expect(s3).toEqual([{ action: 's3:PutObject', resource: importsObjects }]);
  });

  it.each(registerUploadFunctions)('%s knows the bucket and may only PUT under registers/', (name) => {
    const id = logicalId(stack.functions.byName[name]);
    expect(resources[id]?.Properties).toMatchObject({
      Environment: { Variables: { UPLOAD_BUCKET: { Ref: bucketId } } },
    });
    const s3 = allowedActions(resources, id).filter((a) => a.action.startsWith('s3:'));
    expect(s3).toEqual([{ action: 's3:PutObject', resource: arnWith(bucketId, '/registers/*') }]);
  });

  it.each(
    functionNames.filter(
      (name) => !uploadUrlFunctions.includes(name) && !registerUploadFunctions.includes(name),
    ),
  )('%s has no S3 access and no UPLOAD_BUCKET', (name) => {
    const id = logicalId(stack.functions.byName[name]);
    expect(allowedActions(resources, id).filter((a) => a.action.startsWith('s3:'))).toEqual([]);
    expect(resources[id]?.Properties.Environment).not.toHaveProperty('Variables.UPLOAD_BUCKET');
  });

  it('no role in the stack may do anything else to the bucket', () => {
    // Every identity policy naming the bucket: the grants above (import read, two upload signers) and the CDK notifications
    // handler's s3:PutBucketNotification (deploy time).
    const naming = ofType('AWS::IAM::Policy').flatMap(([, r]) => {
      type Statement = { Action: string | string[]; Resource: unknown };
      return (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
        JSON.stringify(s.Resource).includes(`"${bucketId}"`),
      ).map((s) => s.Action);
    });
    // Plus the register loader's read and the suppliers function's signer, under registers/.
    expect(naming.sort()).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:PutBucketNotification',
      's3:PutObject',
      's3:PutObject',
      's3:PutObject',
    ]);
  });
});
