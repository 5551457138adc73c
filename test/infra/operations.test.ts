import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  api4xxThreshold,
  apiP99LatencyMs,
  heartbeatWindows,
  importDurationWarning,
} from '../../infra/constructs/alarms.ts';
import { backupRetention, coldStorageAfter } from '../../infra/constructs/backups.ts';
import type { ScheduledJobName } from '../../infra/constructs/scheduled-jobs.ts';
import { metricsNamespace, scheduledRunMetric } from '../../packages/domain/src/metric-names.ts';
import { buildStack, type Resource } from './build-stack.ts';

// Stages, tags, the alarms that tell a person, the dashboard, the budget and the backups.

const { stack, edge, template, logicalId } = buildStack();
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string, from = resources) => Object.entries(from).filter(([, r]) => r.Type === type);
const alarm = (what: string) => {
  const found = ofType('AWS::CloudWatch::Alarm').find(
    ([, r]) => r.Properties.AlarmName === `CompactTracker-dev-${what}`,
  );
  if (!found) throw new Error(`no alarm ${what}`);
  return found[1].Properties;
};
const topic = { Ref: logicalId(stack.alarms.topic) };

describe('stages', () => {
  it('make a stack per stage, CompactTracker-<stage>, and its edge stack in us-east-1', () => {
    expect(stack.stackName).toBe('CompactTracker-dev');
    expect(edge.stackName).toBe('CompactTracker-dev-edge');
    expect(edge.region).toBe('us-east-1');
    const prod = buildStack({ stage: 'prod', alarmEmail: 'ops@example.org' });
    expect(prod.stack.stackName).toBe('CompactTracker-prod');
    expect(prod.edge.stackName).toBe('CompactTracker-prod-edge');
    expect(prod.config).toMatchObject({ production: true, logLevel: 'INFO', alarmEmail: 'ops@example.org' });
  });

  it('refuse a prod stage without alarmEmail, saying what to pass', () => {
    expect(() => buildStack({ stage: 'prod' })).toThrow(
      /prod stage needs an address for its alarms: pass -c alarmEmail=/,
    );
  });

  it('stop `cdk synth` of prod without alarmEmail with that message and no stack trace', () => {
    // As the CDK CLI runs the app: context in CDK_CONTEXT_JSON, output to CDK_OUTDIR.
    const run = (context: Record<string, string>) =>
      spawnSync(path.resolve('node_modules/.bin/tsx'), ['infra/app.ts'], {
        env: {
          ...process.env,
          SKIP_BUNDLING: '1',
          CDK_CONTEXT_JSON: JSON.stringify(context),
          CDK_OUTDIR: mkdtempSync(path.join(tmpdir(), 'ct-synth-')),
        },
        encoding: 'utf8',
      });
    const refused = run({ stage: 'prod' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^Cannot synthesise: The prod stage needs an address for its alarms: pass -c alarmEmail=/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(run({ stage: 'prod', alarmEmail: 'ops@example.org' }).status).toBe(0);
  }, 180_000);

  it('refuse a malformed stage name, email, budget or vault ARN', () => {
    expect(() => buildStack({ stage: 'Prod!' })).toThrow(/not a valid name/);
    expect(() => buildStack({ alarmEmail: 'nobody' })).toThrow(/not an email address/);
    expect(() => buildStack({ monthlyBudget: '-5' })).toThrow(/not a positive amount/);
    expect(() => buildStack({ backupCopyVaultArn: 'vault' })).toThrow(/not a backup vault ARN/);
  });

  it('set the log level per stage: DEBUG in dev, INFO in prod', () => {
    const levels = (t: Template) =>
      ofType('AWS::Lambda::Function', t.toJSON().Resources)
        .map(([, r]) => (r.Properties.Environment as { Variables?: Record<string, unknown> })?.Variables)
        .filter((v) => v?.TABLE_NAME)
        .map((v) => v?.POWERTOOLS_LOG_LEVEL);
    expect(new Set(levels(template))).toEqual(new Set(['DEBUG']));
    const prod = buildStack({ stage: 'prod', alarmEmail: 'ops@example.org' });
    expect(new Set(levels(prod.template))).toEqual(new Set(['INFO']));
    expect(levels(template)).toHaveLength(14);
  });
});

describe('tags', () => {
  it('are on every taggable resource of both stacks: project and stage', () => {
    for (const [t, least] of [
      [template, 30],
      [Template.fromStack(edge), 1],
    ] as const) {
      const all = Object.entries(t.toJSON().Resources as Record<string, Resource>);
      const tagged = all.filter(([, r]) => r.Properties?.Tags !== undefined);
      expect(tagged.length).toBeGreaterThanOrEqual(least);
      for (const [id, r] of tagged) {
        const tags = JSON.stringify(r.Properties.Tags);
        expect(tags, id).toMatch(/project.{0,20}compact-tracker/);
        expect(tags, id).toMatch(/stage.{0,20}dev/);
      }
    }
    // The kinds that matter for cost reports are among them.
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::DynamoDB::GlobalTable',
      'AWS::CloudFront::Distribution',
      'AWS::S3::Bucket',
      'AWS::SNS::Topic',
    ]) {
      for (const [id, r] of ofType(type)) expect(JSON.stringify(r), id).toContain('"stage"');
    }
  });
});

describe('alarms that tell a person', () => {
  it('subscribe the alarm email in prod', () => {
    const prod = buildStack({ stage: 'prod', alarmEmail: 'ops@example.org' });
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('watch the API’s 4xx spikes and p99 latency', () => {
    expect(alarm('api-4xx-spike')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '4xx',
      Threshold: api4xxThreshold,
      EvaluationPeriods: 2,
      OKActions: [topic],
    });
    expect(alarm('api-p99-latency')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: apiP99LatencyMs,
      EvaluationPeriods: 3,
    });
  });

  it('watch DynamoDB throttles and system errors on every operation the functions use', () => {
    for (const what of ['table-throttles', 'table-system-errors']) {
      const properties = alarm(what);
      const metrics = JSON.stringify(properties.Metrics);
      expect(metrics, what).toContain(what === 'table-throttles' ? 'ThrottledRequests' : 'SystemErrors');
      for (const operation of ['GetItem', 'Query', 'TransactWriteItems', 'BatchWriteItem']) {
        expect(metrics, `${what} ${operation}`).toContain(operation);
      }
      expect(properties.Threshold).toBe(1);
    }
  });

  it('warn of an import close to Lambda’s 15-minute limit', () => {
    expect(alarm('spend-import-near-timeout')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Statistic: 'Maximum',
      Threshold: importDurationWarning.toMilliseconds(),
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.spendImport.function) } }],
    });
    expect(importDurationWarning.toMinutes()).toBeLessThan(15);
  });

  it('stay within what CloudWatch accepts: period x evaluation periods at most 1 day (7 for hourly periods)', () => {
    for (const [id, r] of ofType('AWS::CloudWatch::Alarm')) {
      const p = r.Properties as {
        Period?: number;
        EvaluationPeriods: number;
        Metrics?: { MetricStat?: { Period: number } }[];
      };
      const period = p.Period ?? p.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Period ?? 0;
      expect(period, id).toBeGreaterThan(0);
      expect(period % 60, id).toBe(0);
      expect(period * p.EvaluationPeriods, id).toBeLessThanOrEqual(period < 3600 ? 86_400 : 604_800);
    }
  });

  it.each(Object.keys(heartbeatWindows) as ScheduledJobName[])('notice that %s stopped running', (name) => {
    expect(alarm(`${name}-not-running`)).toMatchObject({
      Namespace: metricsNamespace,
      MetricName: scheduledRunMetric,
      Dimensions: [{ Name: 'service', Value: `compact-tracker-${name}` }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: heartbeatWindows[name].toHours(),
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [topic],
    });
  });
});

describe('the dashboard', () => {
  it('charts the API, functions, table, WAF, business metrics and heartbeats', () => {
    const [[, dashboard] = []] = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboard?.Properties.DashboardName).toBe('compact-tracker-dev');
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const needle of [
      'AWS/ApiGateway',
      'Latency',
      'AWS/Lambda',
      'ThrottledRequests',
      'AWS/WAFV2',
      'Signatures',
      'SpendReturns',
      'ImportedRows',
      'RejectedRows',
      'RestatedRows',
      'Reclassifications',
      scheduledRunMetric,
    ]) {
      expect(body, needle).toContain(needle);
    }
  });
});

describe('the budget', () => {
  it('alarms through the topic at 80 % of actual and 100 % of forecast monthly cost', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 20, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        {
          Notification: { NotificationType: 'ACTUAL', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
        },
        {
          Notification: { NotificationType: 'FORECASTED', Threshold: 100, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
        },
      ],
    });
    const custom = buildStack({ monthlyBudget: '75' });
    custom.template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: 75 } },
    });
  });

  it('may use the topic’s key', () => {
    const policy = resources[logicalId(stack.alarms.key)]?.Properties.KeyPolicy as { Statement: unknown[] };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'BudgetsPublishToTheTopic',
        Principal: { Service: 'budgets.amazonaws.com' },
      }),
    );
  });
});

describe('backups', () => {
  type Rule = {
    ScheduleExpression: string;
    Lifecycle: { DeleteAfterDays: number; MoveToColdStorageAfterDays: number };
    CopyActions?: { DestinationBackupVaultArn: string; Lifecycle: unknown }[];
  };
  const rules = (t: Template) =>
    ofType('AWS::Backup::BackupPlan', t.toJSON().Resources).flatMap(
      ([, r]) => (r.Properties.BackupPlan as { BackupPlanRule: Rule[] }).BackupPlanRule,
    );

  it('back the table up monthly, keep a year, cold after 90 days', () => {
    const [rule, ...others] = rules(template);
    expect(others).toEqual([]);
    expect(rule?.ScheduleExpression).toBe('cron(0 3 1 * ? *)');
    expect(rule?.Lifecycle).toEqual({
      DeleteAfterDays: backupRetention.toDays(),
      MoveToColdStorageAfterDays: coldStorageAfter.toDays(),
    });
    expect(backupRetention.toDays()).toBe(365);
    expect(coldStorageAfter.toDays()).toBe(90);
    expect(rule?.CopyActions).toBeUndefined();
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: [{ 'Fn::GetAtt': [logicalId(stack.table.table), 'Arn'] }] },
    });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });

  it('copy each backup to another account’s vault when asked', () => {
    const arn = 'arn:aws:backup:eu-west-2:111122223333:backup-vault:compact-tracker-copies';
    const [rule] = rules(buildStack({ backupCopyVaultArn: arn }).template);
    expect(rule?.CopyActions).toEqual([
      { DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 90 } },
    ]);
  });
});
