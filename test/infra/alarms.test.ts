import { describe, expect, it } from 'vitest';
import { functionNames } from '../../functions/routes.ts';
import { api5xxThreshold } from '../../infra/constructs/alarms.ts';
import { type ScheduledJobName, scheduledJobs } from '../../infra/constructs/scheduled-jobs.ts';
import { buildStack, type Resource } from './build-stack.ts';

const { stack, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const topicId = logicalId(stack.alarms.topic);
const keyId = logicalId(stack.alarms.key);
const jobNames = Object.keys(scheduledJobs) as ScheduledJobName[];

type AlarmProperties = {
  AlarmName: string;
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: unknown }[];
  Statistic: string;
  Period: number;
  EvaluationPeriods: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
  OKActions: unknown[];
  Metrics?: unknown[];
  ExtendedStatistic?: string;
  DatapointsToAlarm?: number;
};
const alarms = new Map(
  ofType('AWS::CloudWatch::Alarm').map(([, r]) => {
    const properties = r.Properties as AlarmProperties;
    return [properties.AlarmName, properties] as const;
  }),
);
function alarm(what: string): AlarmProperties {
  const found = alarms.get(`CompactTracker-dev-${what}`);
  if (!found) throw new Error(`no alarm CompactTracker-dev-${what}`);
  return found;
}
const atLeast = (threshold: number) => ({
  Threshold: threshold,
  EvaluationPeriods: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
});

describe('the alarms', () => {
  it('are exactly these, each named after the stack', () => {
    const expected = [
      'api-5xx',
      ...functionNames.flatMap((name) => [`${name}-errors`, `${name}-throttles`]),
      ...jobNames.flatMap((name) => [`${name}-errors`, `${name}-throttles`]),
      'spend-import-errors',
      'spend-import-throttles',
      'scheduled-jobs-dead-letters',
      'spend-import-failures',
      'supplier-register-errors',
      'supplier-register-throttles',
      'supplier-register-failures',
      'supplier-fanout-errors',
      'supplier-fanout-throttles',
      'supplier-fanout-failures',
      'supplier-fanout-iterator-age',
      // test/infra/operations.test.ts
      'api-4xx-spike',
      'api-p99-latency',
      'table-throttles',
      'table-system-errors',
      'spend-import-near-timeout',
      ...jobNames.map((name) => `${name}-not-running`),
    ].map((what) => `CompactTracker-dev-${what}`);
    expect([...alarms.keys()].sort()).toEqual(expected.sort());
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(expected.length);
  });

  it('each notify the alarm topic, and only it, when they fire and when they are OK again', () => {
    for (const [name, properties] of alarms) {
      expect(properties.AlarmActions, name).toEqual([{ Ref: topicId }]);
      expect(properties.OKActions, name).toEqual([{ Ref: topicId }]);
    }
    expect(stack.alarms.all).toHaveLength(alarms.size);
  });

  it(`fire on ${api5xxThreshold} or more 5xx responses of the HTTP API in 5 minutes`, () => {
    expect(alarm('api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.httpApi.api) } }],
      Statistic: 'Sum',
      Period: 300,
      ...atLeast(5),
    });
  });

  it.each(functionNames)('fire on any error or throttle of the %s function in 5 minutes', (name) => {
    const dimensions = [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.functions.byName[name]) } }];
    for (const [what, metric] of [
      ['errors', 'Errors'],
      ['throttles', 'Throttles'],
    ]) {
      expect(alarm(`${name}-${what}`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: dimensions,
        Statistic: 'Sum',
        Period: 300,
        ...atLeast(1),
      });
    }
  });

  it.each(jobNames)('fire on any error of the scheduled %s job', (name) => {
    expect(alarm(`${name}-errors`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.scheduledJobs.functions[name]) } }],
      Statistic: 'Sum',
      Period: 300,
      ...atLeast(1),
    });
  });

  it.each([
    ['scheduled-jobs-dead-letters', () => stack.scheduledJobs.deadLetters],
    ['spend-import-failures', () => stack.spendImport.failures],
  ] as const)('fire on any message in a dead letter queue: %s', (what, queue) => {
    expect(alarm(what)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue()), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      ...atLeast(1),
    });
  });
});

describe('the alarm topic', () => {
  it('is the only topic, encrypted with its own rotating key', () => {
    expect(ofType('AWS::SNS::Topic').map(([id]) => id)).toEqual([topicId]);
    expect(resources[topicId]?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(resources[keyId]?.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it("lets CloudWatch use the key (it cannot use AWS's managed SNS key)", () => {
    const policy = resources[keyId]?.Properties.KeyPolicy as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsPublishToTheTopic',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
  });

  it("refuses publishing without TLS and accepts this stack's alarms from CloudWatch", () => {
    const policies = ofType('AWS::SNS::TopicPolicy').map(([, r]) => r.Properties);
    const [policy, ...others] = policies;
    if (!policy) throw new Error('no topic policy');
    expect(others).toEqual([]);
    expect(policy.Topics).toEqual([{ Ref: topicId }]);
    const statements = (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toEqual([
      {
        Sid: 'AllowPublishThroughSSLOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: { Ref: topicId },
      },
      {
        Sid: 'CloudWatchAlarmsOfThisStack',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        },
        Resource: { Ref: topicId },
      },
      {
        Sid: 'BudgetsPublishToTheTopic',
        Effect: 'Allow',
        Principal: { Service: 'budgets.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        Resource: { Ref: topicId },
      },
    ]);
    const condition = statements[1]?.Condition as { ArnLike: object } | undefined;
    const sourceArn = JSON.stringify(condition?.ArnLike);
    expect(sourceArn).toContain(':cloudwatch:');
    expect(sourceArn).toContain(':alarm:CompactTracker-dev-*');
  });

  it('has no subscription unless the alarmEmail context value is set', () => {
    expect(ofType('AWS::SNS::Subscription')).toEqual([]);
    const withEmail = buildStack({ alarmEmail: 'ops@example.org' });
    const subscriptions = withEmail.template.findResources('AWS::SNS::Subscription');
    expect(Object.values(subscriptions).map((s) => s.Properties)).toEqual([
      {
        Protocol: 'email',
        Endpoint: 'ops@example.org',
        TopicArn: { Ref: withEmail.logicalId(withEmail.stack.alarms.topic) },
      },
    ]);
  });

  it('is an output of the stack', () => {
    expect(template.findOutputs('AlarmTopicArn').AlarmTopicArn?.Value).toEqual({ Ref: topicId });
  });
});
