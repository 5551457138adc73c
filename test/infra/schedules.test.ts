import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionEntry, jobFunctionNames } from '../../infra/bundling.ts';
import {
  functionRetryAttempts,
  type ScheduledJobName,
  scheduledJobs,
  schedulerRetryAttempts,
} from '../../infra/constructs/scheduled-jobs.ts';
import { allowedActions, buildStack, type Resource, roleAllowedActions } from './build-stack.ts';

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const jobs = stack.scheduledJobs;
const names = Object.keys(scheduledJobs) as ScheduledJobName[];
const tableId = logicalId(stack.table.table);
const queueId = logicalId(jobs.deadLetters);
const roleId = logicalId(jobs.schedulerRole);
const groupId = logicalId(jobs.group);
const functionId = (name: ScheduledJobName) => logicalId(jobs.functions[name]);
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** What each job is expected to be: schedule, and how long an undelivered run stays worth running. */
const expected: Record<ScheduledJobName, { expression: string; maxEventAge: number }> = {
  'aggregate-buying-power': { expression: 'cron(5 * * * ? *)', maxEventAge: 3600 },
  'compute-scores': { expression: 'cron(30 2 * * ? *)', maxEventAge: 6 * 3600 },
};

type ScheduleProperties = {
  GroupName: unknown;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: string;
  FlexibleTimeWindow: { Mode: string };
  Target: {
    Arn: unknown;
    RoleArn: unknown;
    Input: string;
    RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    DeadLetterConfig: { Arn: unknown };
  };
};

function scheduleOf(name: ScheduledJobName): ScheduleProperties {
  const properties = resources[logicalId(jobs.schedules[name])]?.Properties;
  if (!properties) throw new Error(`no schedule for ${name}`);
  return properties as ScheduleProperties;
}

describe('the schedules', () => {
  it('are two, one per scheduled job, in their own group, both bundled as jobs', () => {
    expect(names.sort()).toEqual(['aggregate-buying-power', 'compute-scores']);
    expect(ofType('AWS::Scheduler::Schedule')).toHaveLength(2);
    expect(ofType('AWS::Scheduler::ScheduleGroup')).toHaveLength(1);
    // The group is configuration: it goes with the stack.
    expect(resources[groupId]).toMatchObject({ DeletionPolicy: 'Delete' });
    const groupName = resources[groupId]?.Properties.Name;
    expect(groupName).toEqual(expect.any(String));
    for (const name of names) {
      expect(jobFunctionNames).toContain(name);
      expect(existsSync(functionEntry(name)), functionEntry(name)).toBe(true);
      expect(scheduleOf(name).GroupName).toBe(groupName);
    }
  });

  it.each(names)('%s runs on its UTC cron, on the minute, enabled', (name) => {
    const schedule = scheduleOf(name);
    expect(schedule.ScheduleExpression).toBe(expected[name].expression);
    expect(schedule.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it.each(names)('%s invokes its function with the scheduled time as the idempotency key', (name) => {
    const { Target } = scheduleOf(name);
    expect(Target.Arn).toEqual(arnOf(functionId(name)));
    expect(Target.RoleArn).toEqual(arnOf(roleId));
    // Scheduler replaces the placeholder with the run's scheduled time (ISO 8601, UTC).
    expect(JSON.parse(Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>', job: name });
  });

  it.each(names)('%s retries delivery, then sends the event to the dead letter queue', (name) => {
    const { Target } = scheduleOf(name);
    expect(schedulerRetryAttempts).toBe(3);
    expect(Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 3,
      MaximumEventAgeInSeconds: expected[name].maxEventAge,
    });
    expect(Target.DeadLetterConfig).toEqual({ Arn: arnOf(queueId) });
  });
});

describe("the scheduler's role", () => {
  it('may be assumed only by EventBridge Scheduler, for schedules of this group in this account', () => {
    expect(resources[roleId]?.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnEquals: { 'aws:SourceArn': arnOf(groupId) },
          },
        },
      ],
    });
  });

  it('may invoke the two job functions and send to the dead letter queue, nothing else', () => {
    const allowed = roleAllowedActions(resources, roleId);
    expect(allowed).toEqual(
      expect.arrayContaining([
        ...names.map((name) => ({ action: 'lambda:InvokeFunction', resource: arnOf(functionId(name)) })),
        { action: 'sqs:SendMessage', resource: arnOf(queueId) },
      ]),
    );
    // No `<function arn>:*` (versions, aliases) and nothing more.
    expect(allowed).toHaveLength(names.length + 1);
  });

  it('is the only role Scheduler may assume (the L2 targets make none of their own)', () => {
    const schedulerRoles = ofType('AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(schedulerRoles.map(([id]) => id)).toEqual([roleId]);
  });
});

describe('the dead letter queue', () => {
  it('is encrypted, keeps messages 14 days and refuses requests without TLS', () => {
    expect(resources[queueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const policies = ofType('AWS::SQS::QueuePolicy').filter(
      ([, r]) => JSON.stringify(r.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
    );
    const [policy, ...others] = policies;
    if (!policy) throw new Error('no queue policy');
    expect(others).toEqual([]);
    const statements = (policy[1].Properties.PolicyDocument as { Statement: unknown[] }).Statement;
    expect(statements).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: arnOf(queueId),
      },
      // The scheduler's role may send (its identity policy says so too).
      {
        Effect: 'Allow',
        Principal: { AWS: arnOf(roleId) },
        Action: 'sqs:SendMessage',
        Resource: arnOf(queueId),
      },
    ]);
  });
});

describe('the job functions', () => {
  const fn = (name: ScheduledJobName) => resources[functionId(name)] as Resource;

  it.each(names)('%s runs Node.js 24 on arm64, 1 GB for up to 5 minutes, JSON logs', (name) => {
    expect(fn(name).Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 300,
      MemorySize: 1024,
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it.each(names)('%s knows the table and its service name, nothing else', (name) => {
    expect(fn(name).Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: tableId },
        POWERTOOLS_SERVICE_NAME: `compact-tracker-${name}`,
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        POWERTOOLS_METRICS_NAMESPACE: 'CompactTracker',
      },
    });
  });

  it.each(names)('%s logs to its own log group only', (name) => {
    const logGroup = (fn(name).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup;
    expect(resources[logGroup.Ref]?.Properties.RetentionInDays).toEqual(expect.any(Number));
    const logs = allowedActions(resources, functionId(name)).filter((a) => a.action.startsWith('logs:'));
    expect(logs.length).toBeGreaterThan(0);
    for (const { resource } of logs) expect(resource).toEqual(arnOf(logGroup.Ref));
  });

  it.each(names)('%s reads and writes the table, sends failures to the queue, nothing else', (name) => {
    const allowed = allowedActions(resources, functionId(name));
    const actions = new Set(allowed.map((a) => a.action));
    // Exactly what its code sends: test/infra/least-privilege.test.ts.
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      expect(actions, action).toContain(action);
    }
    for (const { action, resource } of allowed.filter((a) => a.action.startsWith('dynamodb:'))) {
      expect(JSON.stringify(resource), action).toContain(`"${tableId}"`);
    }
    const sqs = allowed.filter((a) => a.action.startsWith('sqs:'));
    expect(sqs.map((a) => a.action).sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    for (const { resource } of sqs) expect(resource).toEqual(arnOf(queueId));
    expect(allowed.filter((a) => !/^(dynamodb|logs|sqs|xray):/.test(a.action))).toEqual([]);
    expect([...actions].filter((a) => a.includes('*'))).toEqual([]);
  });

  it.each(names)('%s: failed runs are retried by Lambda, then go to the same queue', (name) => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: functionId(name) }));
    expect(functionRetryAttempts).toBe(2);
    expect(configs).toEqual([
      {
        FunctionName: { Ref: functionId(name) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: expected[name].maxEventAge,
        DestinationConfig: { OnFailure: { Destination: arnOf(queueId) } },
      },
    ]);
  });

  it.each(names)('%s has no resource policy: only the scheduler role invokes it', (name) => {
    const permissions = ofType('AWS::Lambda::Permission').filter(([, r]) =>
      JSON.stringify(r.Properties.FunctionName).includes(`"${functionId(name)}"`),
    );
    expect(permissions).toEqual([]);
  });
});
