// The stacks of one stage, as `cdk synth` makes them (infra/app.ts) and the tests build them
// (test/infra/build-stack.ts): the edge stack in us-east-1 (the WAF web ACL) and the main stack in
// the home region, joined by cross-region references; every resource tagged with project and stage.

import { type App, Tags } from 'aws-cdk-lib';
import { EdgeStack } from './edge-stack.ts';
import { CompactTrackerStack } from './stack.ts';
import { defaultRegion, projectTag, type StageConfig, stageConfig } from './stage.ts';

export type StageStacks = { config: StageConfig; stack: CompactTrackerStack; edge: EdgeStack };

export function createStageStacks(app: App): StageStacks {
  const config = stageConfig(app.node);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const contextRegion: unknown = app.node.tryGetContext('region');
  const region =
    typeof contextRegion === 'string' && contextRegion !== ''
      ? contextRegion
      : (process.env.CDK_DEFAULT_REGION ?? defaultRegion);
  const tags = { project: projectTag, stage: config.stage };

  const edge = new EdgeStack(app, config.edgeStackName, {
    stage: config.stage,
    env: { account, region: 'us-east-1' },
    tags,
  });
  const stack = new CompactTrackerStack(app, config.stackName, {
    config,
    webAcl: { arn: edge.webAcl.attrArn, name: edge.webAcl.name ?? '' },
    env: { account, region },
    crossRegionReferences: true,
    tags,
  });
  for (const scope of [edge, stack]) {
    for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
  }
  return { config, stack, edge };
}
