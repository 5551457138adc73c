// Builds the stack as `cdk synth` would (cdk.json's context), minus bundling: the assertions are about
// the template, and the function code need not compile for them.

import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { CompactTrackerStack } from '../../infra/stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export function buildStack() {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CompactTrackerStack(app, 'CompactTracker');
  const template = Template.fromStack(stack);
  /** The logical id of a construct's CloudFormation resource (or of the resource itself). */
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return { app, stack, template, logicalId };
}

export type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
