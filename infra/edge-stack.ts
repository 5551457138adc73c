// The stage's edge stack, in us-east-1 because CloudFront takes its WAF web ACL from there: a
// CLOUDFRONT-scope web ACL with a per-IP rate limit and AWS's managed common rule set. The main stack
// reads the ACL's ARN through CDK's cross-region references (crossRegionReferences on both stacks).

import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests one client IP may make in 5 minutes before WAF blocks it until it slows down. */
export const ratePerIpPer5Minutes = 1000;

/**
 * Rules of the common rule set that only count: SizeRestrictions_BODY blocks bodies over 8 KB, and a
 * spend CSV preview (POST .../spend-imports/preview) or a quarterly return may be larger.
 */
export const countedCommonRules = ['SizeRestrictions_BODY'];

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { stage: string }) {
    super(scope, id, {
      description: `Compact Tracker (${props.stage}): the WAF web ACL of the CloudFront distribution`,
      crossRegionReferences: true,
      ...props,
    });
    const metricPrefix = `compact-tracker-${props.stage}`;
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${metricPrefix}-${name}`,
      sampledRequestsEnabled: true,
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${metricPrefix}-web`,
      description: 'Compact Tracker: per-IP rate limit and AWS managed common rules in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web'),
      rules: [
        {
          name: 'rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: ratePerIpPer5Minutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('rate-per-ip'),
        },
        {
          name: 'aws-common-rules',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: countedCommonRules.map((name) => ({ name, actionToUse: { count: {} } })),
            },
          },
          visibilityConfig: visibility('aws-common-rules'),
        },
      ],
    });
  }
}
