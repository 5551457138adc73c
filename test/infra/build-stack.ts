// Builds the stack as `cdk synth` would (cdk.json's context), minus bundling: the assertions are about
// the template, and the function code need not compile for them.

import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createStageStacks } from '../../infra/stacks.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/**
 * `context` adds to (or overrides) cdk.json's, as `cdk synth -c key=value` would; the stage is dev
 * unless it says otherwise. Returns the main stack and the stage's edge stack (us-east-1).
 */
export function buildStack(context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack, edge, config } = createStageStacks(app);
  const template = Template.fromStack(stack);
  /** The logical id of a construct's CloudFormation resource (or of the resource itself). */
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return { app, stack, edge, config, template, logicalId };
}

export type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

export type Allowed = { action: string; resource: unknown; condition?: unknown };

/**
 * Every action a function's role is allowed, by the resource it applies to; fails if the role has a
 * managed policy or a statement that is not an Allow.
 */
export function allowedActions(resources: Record<string, Resource>, functionId: string): Allowed[] {
  const fn = resources[functionId];
  if (fn?.Type !== 'AWS::Lambda::Function') throw new Error(`${functionId} is not a function`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return roleAllowedActions(resources, roleId);
}

/** The same for any role of the template, by its logical id. */
export function roleAllowedActions(resources: Record<string, Resource>, roleId: string): Allowed[] {
  if (resources[roleId]?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  if (resources[roleId]?.Properties.ManagedPolicyArns !== undefined) {
    throw new Error(`${roleId} has managed policies`);
  }
  const policies = Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      (r.Properties.Roles as unknown[]).some(
        (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }),
      ),
  );
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
  return policies.flatMap((policy) =>
    (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.flatMap((statement) => {
      if (statement.Effect !== 'Allow') throw new Error(`${roleId}: a ${statement.Effect} statement`);
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const targets = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      return actions.flatMap((action) =>
        targets.map((resource) => ({
          action,
          resource,
          ...(statement.Condition ? { condition: statement.Condition } : {}),
        })),
      );
    }),
  );
}

/** `<logical id>.Arn + suffix`, as CloudFormation writes an object ARN pattern. */
export function arnWith(logicalId: string, suffix: string) {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId, 'Arn'] }, suffix]] };
}
