import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { type ScheduledJobName, scheduledJobs } from '../../infra/constructs/scheduled-jobs.ts';
import { allowedActions, buildStack, type Resource } from './build-stack.ts';

// The operational safety nets, read from the synthesised template: every function traced and
// watched (errors, throttles), every failure queue watched, the API throttled, the table
// recoverable and undeletable, and nothing acknowledged in cdk-nag that the template could fix.

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
/** The alarm on a Lambda metric of a function, by its logical id. */
const lambdaAlarm = (functionId: string, metric: string) =>
  alarms.filter(
    (a) =>
      a.Namespace === 'AWS/Lambda' &&
      a.MetricName === metric &&
      JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
  );

const ourFunctions = [
  ...functionNames.map((name) => stack.functions.byName[name]),
  ...(Object.keys(scheduledJobs) as ScheduledJobName[]).map((name) => stack.scheduledJobs.functions[name]),
  stack.spendImport.function,
  stack.supplierRegisters.function,
  stack.supplierFanOut.function,
].map((fn) => logicalId(fn));

describe('every function of ours', () => {
  it('is all of the template’s functions but the CDK’s notifications handler', () => {
    const inTemplate = ofType('AWS::Lambda::Function').map(([id]) => id);
    expect(inTemplate.filter((id) => !ourFunctions.includes(id))).toEqual([
      expect.stringMatching(/^BucketNotificationsHandler/),
    ]);
  });

  it.each(ourFunctions)('%s: traced by X-Ray, with only the X-Ray actions on `*`', (id) => {
    expect(resources[id]?.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    const onStar = allowedActions(resources, id).filter((a) => a.resource === '*');
    expect(onStar.map((a) => a.action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it.each(ourFunctions)('%s: an alarm on any error and any throttle, to the alarm topic', (id) => {
    for (const metric of ['Errors', 'Throttles']) {
      const [alarm, ...others] = lambdaAlarm(id, metric);
      expect(others, `${id} ${metric}`).toEqual([]);
      expect(alarm, `${id} ${metric}`).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
      });
    }
  });

  it.each(ourFunctions)('%s: an explicit memory size, timeout and log group with retention', (id) => {
    const properties = resources[id]?.Properties as Record<string, unknown>;
    expect(properties.MemorySize).toBeGreaterThanOrEqual(1024);
    expect(properties.Timeout).toBeLessThanOrEqual(900);
    const logGroup = (properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroup]?.Properties.RetentionInDays).toBeGreaterThan(0);
  });
});

describe('failures that are not a caller’s 5xx', () => {
  it('each asynchronous function sends failed events to a queue that has a depth alarm', () => {
    const queues = [stack.spendImport.failures, stack.scheduledJobs.deadLetters].map((q) => logicalId(q));
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
    const asynchronous = [stack.spendImport.function, ...Object.values(stack.scheduledJobs.functions)];
    for (const fn of asynchronous) {
      const config = configs.find(
        (c) => JSON.stringify(c.FunctionName) === JSON.stringify({ Ref: logicalId(fn) }),
      );
      const destination = JSON.stringify(config?.DestinationConfig);
      expect(
        queues.some((q) => destination.includes(`"${q}"`)),
        logicalId(fn),
      ).toBe(true);
    }
    for (const queue of queues) {
      expect(
        alarms.filter(
          (a) =>
            a.Namespace === 'AWS/SQS' &&
            a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
            a.Threshold === 1 &&
            JSON.stringify(a.Dimensions).includes(`"${queue}"`),
        ),
        queue,
      ).toHaveLength(1);
    }
  });
});

describe('the HTTP API', () => {
  it('throttles every route of its only stage by default, and alarms on its 5xx', () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage').map(([, r]) => r.Properties);
    expect(stages).toHaveLength(1);
    const settings = stages[0]?.DefaultRouteSettings as {
      ThrottlingBurstLimit: number;
      ThrottlingRateLimit: number;
    };
    expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(settings.ThrottlingBurstLimit).toBeGreaterThanOrEqual(settings.ThrottlingRateLimit);
    expect(settings.ThrottlingBurstLimit).toBeLessThanOrEqual(5000); // below the account's default limit
    expect(stages[0]?.AccessLogSettings).toMatchObject({ DestinationArn: expect.anything() });
    expect(
      alarms.filter(
        (a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx' && a.Statistic === 'Sum',
      ),
    ).toHaveLength(1);
  });
});

describe('the table', () => {
  it('has point-in-time recovery and deletion protection, and is retained on delete and replace', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('uses the current point-in-time recovery property, not the deprecated one', () => {
    const [, table] = ofType('AWS::DynamoDB::GlobalTable')[0] ?? [];
    expect(JSON.stringify(table)).not.toContain('"PointInTimeRecoveryEnabled":false');
    expect(JSON.stringify(table)).not.toMatch(/"PointInTimeRecovery"\s*:/);
  });
});
