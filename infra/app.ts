// The CDK app (`cdk synth`, `cdk deploy`): one stage's stacks (`-c stage=NAME`, default dev; see
// infra/stage.ts for every context value), checked by cdk-nag's AWS Solutions and Serverless rules.
// The home region is the context's `region`, else the CLI's (the CDK CLI reports us-east-1 when none is
// configured), else eu-west-2 (outside the CLI, as in the tests); the account is the CLI's.
// SKIP_BUNDLING=1 synthesises without running esbuild (the CLI refuses `-c aws:cdk:bundling-stacks=[]`).

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { createStageStacks } from './stacks.ts';

const app = new App({
  ...(process.env.SKIP_BUNDLING === '1' ? { postCliContext: { 'aws:cdk:bundling-stacks': [] } } : {}),
});

try {
  createStageStacks(app);
} catch (error) {
  // A wrong or missing context value: say what to pass, without a stack trace.
  console.error(`Cannot synthesise: ${(error as Error).message}`);
  process.exit(1);
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

app.synth();
