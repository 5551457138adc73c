import { SPEND_IMPORT_FUNCTION } from '@compact-tracker/jobs/import/rerun-variables';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { bundling, jobFunctionNames, requireBanner } from '../../infra/bundling.ts';
import {
  registerUploadFunctions,
  reportRunFunctions,
  uploadUrlFunctions,
} from '../../infra/constructs/functions.ts';
import { pascal } from '../../infra/constructs/node-function.ts';
import { notificationsHandlerId } from '../../infra/constructs/spend-import.ts';
import { tableGrants } from '../../infra/constructs/table-access.ts';
import {
  type Allowed,
  allowedActions as allowedRoleActions,
  buildStack,
  type Resource,
} from './build-stack.ts';

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;

const tableId = logicalId(stack.table.table);
const importFunctionId = logicalId(stack.spendImport.function);
const reportJobIds = Object.values(stack.scheduledJobs.functions).map((fn) => logicalId(fn));
const userPoolId = logicalId(stack.users.userPool);
const clientId = logicalId(stack.users.client);
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

function functionResource(name: (typeof functionNames)[number]): Resource {
  const resource = resources[logicalId(stack.functions.byName[name])];
  if (!resource) throw new Error(`no function resource for ${name}`);
  return resource;
}

function allowedActions(name: (typeof functionNames)[number]): Allowed[] {
  return allowedRoleActions(resources, logicalId(stack.functions.byName[name]));
}

describe('the functions', () => {
  it("are one per name in functions/routes.ts, besides the jobs and the CDK's own handler", () => {
    for (const name of functionNames) expect(functionResource(name).Type).toBe('AWS::Lambda::Function');
    const all = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    // The jobs: the spend import and the two scheduled ones (test/infra/schedules.test.ts).
    const jobs = [
      stack.spendImport.function,
      stack.supplierRegisters.function,
      stack.supplierFanOut.function,
      ...Object.values(stack.scheduledJobs.functions),
    ];
    expect(jobs.map((fn) => fn.node.id).sort()).toEqual(jobFunctionNames.map((name) => pascal(name)).sort());
    const ours = new Set([
      ...functionNames.map((name) => logicalId(stack.functions.byName[name])),
      ...jobs.map((fn) => logicalId(fn)),
    ]);
    expect(ours.size).toBe(functionNames.length + jobFunctionNames.length);
    const others = all.filter(([id]) => !ours.has(id));
    expect(all).toHaveLength(ours.size + others.length);
    // The only other function: the CDK's deploy-time handler for the upload bucket's notifications.
    const handler = stack.node.findChild(notificationsHandlerId).node.findChild('Resource');
    expect(others.map(([id]) => id)).toEqual([logicalId(handler)]);
  });

  it.each(functionNames)('%s runs Node.js 24 on arm64 with the table, issuer and audience', (name) => {
    expect(functionResource(name).Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON' },
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          JWT_ISSUER: { 'Fn::GetAtt': [userPoolId, 'ProviderURL'] },
          JWT_AUDIENCE: { Ref: clientId },
          POWERTOOLS_SERVICE_NAME: `compact-tracker-${name}`,
        },
      },
    });
    // Source maps are read when a stack is written (functions/source-maps.ts), not at every cold start.
    expect(
      (functionResource(name).Properties.Environment as { Variables: object }).Variables,
    ).not.toHaveProperty('NODE_OPTIONS');
  });

  it.each(functionNames)('%s logs to its own log group with a retention period', (name) => {
    const logGroup = (functionResource(name).Properties.LoggingConfig as { LogGroup: { Ref: string } })
      .LogGroup;
    expect(resources[logGroup.Ref]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: expect.any(Number) },
    });
    // ...and may write to that log group only.
    const logActions = allowedActions(name).filter((a) => a.action.startsWith('logs:'));
    expect(logActions.length).toBeGreaterThan(0);
    for (const { resource } of logActions) expect(resource).toEqual({ 'Fn::GetAtt': [logGroup.Ref, 'Arn'] });
  });

  it('decide table access for every function: identity only reads', () => {
    expect(tableGrants.identity.write).toEqual([]);
    expect(tableGrants.web.write.length).toBeGreaterThan(0);
  });

  it.each(functionNames)(
    '%s reaches only this table, writes only under its keys (least-privilege.test.ts)',
    (name) => {
      const allowed = allowedActions(name);
      const dynamo = allowed.filter((a) => a.action.startsWith('dynamodb:'));
      const actions = new Set(dynamo.map((a) => a.action));
      for (const action of writeActions) {
        expect(actions.has(action), `${name} ${action}`).toBe(
          tableGrants[name].write.includes(action.replace('dynamodb:', '') as never),
        );
      }
      expect([...actions].filter((a) => a.includes('*'))).toEqual([]);
      // Only this table and its indexes; nothing outside DynamoDB, logs and X-Ray traces.
      for (const { resource } of dynamo) {
        expect(JSON.stringify(resource)).toContain(`"${tableId}"`);
      }
      // Beyond that: the upload URL functions PUT uploads (test/infra/uploads.test.ts) and run
      // imports again, the suppliers function PUTs register files; the functions that start report runs invoke the two job functions.
      const rest = allowed.filter((a) => !/^(dynamodb|logs|xray):/.test(a.action));
      const invokes = uploadUrlFunctions.includes(name) || reportRunFunctions.includes(name);
      const putsUploads = uploadUrlFunctions.includes(name) || registerUploadFunctions.includes(name);
      expect([...new Set(rest.map((a) => a.action))]).toEqual([
        ...(putsUploads ? ['s3:PutObject'] : []),
        ...(invokes ? ['lambda:InvokeFunction'] : []),
      ]);
      const invoked = rest.filter((a) => a.action === 'lambda:InvokeFunction').map((a) => a.resource);
      // Each invoked function by its own ARN: no wildcard, no versions or aliases.
      for (const resource of invoked)
        expect(resource).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      const invokedIds = invoked.map((resource) => (resource as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
      expect(invokedIds.sort()).toEqual(
        [
          ...(uploadUrlFunctions.includes(name) ? [importFunctionId] : []),
          ...(reportRunFunctions.includes(name) ? reportJobIds : []),
        ].sort(),
      );
    },
  );

  it.each(uploadUrlFunctions)(
    '%s has the import function in its environment to run imports again',
    (name) => {
      expect(functionResource(name).Properties).toMatchObject({
        Environment: { Variables: { [SPEND_IMPORT_FUNCTION]: { Ref: importFunctionId } } },
      });
    },
  );

  it('only the upload URL functions name the import function', () => {
    for (const name of functionNames.filter((n) => !uploadUrlFunctions.includes(n))) {
      const variables = (functionResource(name).Properties.Environment as { Variables: object }).Variables;
      expect(Object.keys(variables), name).not.toContain(SPEND_IMPORT_FUNCTION);
    }
  });
});

describe('the shared bundling settings', () => {
  it('build minified ESM for Node 24 with the AWS SDK inside and require() available', () => {
    expect(bundling).toMatchObject({ format: 'esm', target: 'node24', platform: 'node', minify: true });
    expect(bundling.mainFields).toEqual(['module', 'main']);
    expect(bundling.external).toEqual([]);
    expect(bundling.banner).toBe(requireBanner);
    expect(requireBanner).toBe(
      "import{createRequire}from'module';const require=createRequire(import.meta.url);",
    );
  });
});

describe('the user pool', () => {
  it('has an admin group and a public client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admin',
      UserPoolId: { Ref: userPoolId },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: userPoolId },
      GenerateSecret: false,
    });
  });

  it('signs in by email with a strong password policy and keeps its users', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UsernameAttributes: ['email'],
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('outputs the pool and client ids (and the stack its other outputs)', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ApiUrl',
        'DistributionDomainName',
        'SignInDomain',
        'SiteUrl',
        'TableName',
        'UploadBucketName',
        'UserPoolClientId',
        'UserPoolId',
      ].sort(),
    );
  });
});
