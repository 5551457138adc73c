// What a deployment is: the stage (`-c stage=NAME`, default `dev`) and its settings, read from the
// CDK context (cdk.json or `-c key=value`). Each stage is its own stack, `CompactTracker-<stage>`,
// plus its edge stack in us-east-1 (the WAF web ACL CloudFront needs there).
//
// Context values:
//   stage               dev (default), prod, or any lower-case name
//   alarmEmail          who is emailed alarms; required for prod
//   region              the home region (default: the CLI's, us-east-1 when none is configured; else eu-west-2)
//   monthlyBudget       the AWS Budgets alarm's monthly amount in USD (default 50 in prod, 20 elsewhere)
//   backupCopyVaultArn  another account's backup vault to copy each monthly backup to (optional)
//   domainName          the site's own host name, with certificateArn (an ACM certificate in
//   certificateArn      us-east-1 covering it); without them the site is on *.cloudfront.net

import type { Node } from 'constructs';

export const projectTag = 'compact-tracker';
export const defaultRegion = 'eu-west-2';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type StageConfig = {
  stage: string;
  /** `CompactTracker-<stage>`. */
  stackName: string;
  /** `CompactTracker-<stage>-edge`, in us-east-1. */
  edgeStackName: string;
  /** Production: alarms must reach a person, and the log level is INFO. */
  production: boolean;
  alarmEmail: string | undefined;
  logLevel: LogLevel;
  /** USD a month; the budget alarm fires at 80 % of actual and 100 % of forecast spend. */
  monthlyBudget: number;
  backupCopyVaultArn: string | undefined;
  /** The site's own host name and its us-east-1 ACM certificate, or undefined for *.cloudfront.net. */
  customDomain: { domainName: string; certificateArn: string } | undefined;
};

const stagePattern = /^[a-z][a-z0-9-]{0,19}$/;
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const certificatePattern = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const vaultArnPattern = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]+$/;

/** Reads and checks the stage's context; throws an Error saying what to pass when it is wrong. */
export function stageConfig(node: Node): StageConfig {
  const stage = stringContext(node, 'stage') ?? 'dev';
  if (!stagePattern.test(stage)) {
    throw new Error(
      `The stage "${stage}" is not a valid name: use lower-case letters, digits and dashes, starting ` +
        'with a letter, at most 20 characters (for example -c stage=dev or -c stage=prod).',
    );
  }
  const production = stage === 'prod';
  const alarmEmail = stringContext(node, 'alarmEmail');
  if (alarmEmail !== undefined && !emailPattern.test(alarmEmail)) {
    throw new Error(`alarmEmail "${alarmEmail}" is not an email address (-c alarmEmail=ops@example.org).`);
  }
  if (production && alarmEmail === undefined) {
    throw new Error(
      'The prod stage needs an address for its alarms: pass -c alarmEmail=ops@example.org (the address ' +
        'receives a confirmation email from AWS SNS after the deployment; confirm it, or no alarm reaches anyone).',
    );
  }
  const budget = stringContext(node, 'monthlyBudget');
  const monthlyBudget = budget === undefined ? (production ? 50 : 20) : Number(budget);
  if (!Number.isFinite(monthlyBudget) || monthlyBudget <= 0) {
    throw new Error(
      `monthlyBudget "${budget}" is not a positive amount of US dollars (-c monthlyBudget=50).`,
    );
  }
  const backupCopyVaultArn = stringContext(node, 'backupCopyVaultArn');
  if (backupCopyVaultArn !== undefined && !vaultArnPattern.test(backupCopyVaultArn)) {
    throw new Error(
      `backupCopyVaultArn "${backupCopyVaultArn}" is not a backup vault ARN ` +
        '(arn:aws:backup:<region>:<account>:backup-vault:<name>).',
    );
  }
  const domainName = stringContext(node, 'domainName');
  const certificateArn = stringContext(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error(
      'A custom domain needs both -c domainName=tracker.example.org and -c certificateArn=<an ACM ' +
        'certificate in us-east-1 that covers it>, or neither.',
    );
  }
  if (domainName !== undefined && !domainPattern.test(domainName)) {
    throw new Error(`domainName "${domainName}" is not a host name (-c domainName=tracker.example.org).`);
  }
  if (certificateArn !== undefined && !certificatePattern.test(certificateArn)) {
    throw new Error(
      `certificateArn "${certificateArn}" is not an ACM certificate ARN in us-east-1, where CloudFront takes ` +
        'its certificates from (arn:aws:acm:us-east-1:<account>:certificate/<id>).',
    );
  }
  return {
    stage,
    stackName: `CompactTracker-${stage}`,
    edgeStackName: `CompactTracker-${stage}-edge`,
    production,
    alarmEmail,
    logLevel: production ? 'INFO' : 'DEBUG',
    monthlyBudget,
    backupCopyVaultArn,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  };
}

function stringContext(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim() || undefined;
}
