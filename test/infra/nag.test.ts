import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack } from './build-stack.ts';

// cdk-nag v3 is a policy validation plugin, not an aspect: its findings do not become annotations
// but a validation report. `validateScope` runs the same rules directly and returns that report,
// leaving out findings acknowledged with Validations.of(construct).acknowledge({ id, reason }).

const { stack, edge } = buildStack();

const copyVault = 'arn:aws:backup:eu-west-2:111122223333:backup-vault:compact-tracker-copies';

function findings(scope: Stack, pack: AwsSolutionsChecks | ServerlessChecks = new AwsSolutionsChecks()) {
  return pack.validateScope(scope).violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    resources: v.violatingResources.map((r) => r.constructPath),
  }));
}

describe('cdk-nag AwsSolutions and Serverless', () => {
  it('finds nothing unacknowledged: no errors, no warnings', () => {
    expect(findings(stack)).toEqual([]);
    // ...also with the optional alarm email subscription.
    expect(findings(buildStack({ alarmEmail: 'ops@example.org' }).stack)).toEqual([]);
  });

  it('finds nothing unacknowledged in the edge stack (WAF) or the prod stage', () => {
    expect(findings(edge)).toEqual([]);
    expect(findings(edge, new ServerlessChecks())).toEqual([]);
    const prod = buildStack({
      stage: 'prod',
      alarmEmail: 'ops@example.org',
      backupCopyVaultArn: copyVault,
      domainName: 'tracker.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    });
    expect(findings(prod.stack)).toEqual([]);
    expect(findings(prod.stack, new ServerlessChecks())).toEqual([]);
  });

  it('finds nothing unacknowledged in the Serverless rules either', () => {
    expect(findings(stack, new ServerlessChecks())).toEqual([]);
    expect(findings(buildStack({ alarmEmail: 'ops@example.org' }).stack, new ServerlessChecks())).toEqual([]);
  });

  it('would notice a finding (the check is not vacuous)', () => {
    const bad = new Stack(new App(), 'Bad');
    new Role(bad, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    expect(findings(bad).map((f) => f.rule)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ]);
  });

  it('gives a reason for every acknowledgment', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/(AwsSolutions|Serverless)-/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it('resolves, not acknowledges, public access, TLS and encryption findings', () => {
    // Acknowledged ids are recorded qualified (`Annotation::AwsSolutions-S1`): compare the rule part.
    const acknowledgedRules = (scope: IConstruct) =>
      scope.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.keys(m.data as Record<string, string>))
        .map((id) => id.replace(/^.*::(?=AwsSolutions-)/, ''));
    const all = stack.node.findAll().flatMap(acknowledgedRules);
    for (const rule of ['S2', 'S10', 'SQS2', 'SQS4', 'SNS3', 'KMS5', 'L1']) {
      expect(all, rule).not.toContain(`AwsSolutions-${rule}`);
    }
    // The upload bucket goes without access logs, the failure queues without DLQs of their own: on purpose.
    expect(acknowledgedRules(stack.uploads.bucket)).toContain('AwsSolutions-S1');
    expect(acknowledgedRules(stack.spendImport.failures)).toContain('AwsSolutions-SQS3');
    expect(acknowledgedRules(stack.scheduledJobs.deadLetters)).toContain('AwsSolutions-SQS3');
  });

  it('leaves no warnings or errors from the CDK itself', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('runs as the app runs it: registered with Validations, synthesis passes', () => {
    const { app } = buildStack();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    expect(() => app.synth({ force: true })).not.toThrow();
  });
});
