// The CDK app (`cdk synth`, `cdk deploy`): one stack, checked by cdk-nag's AWS Solutions and Serverless rules.
// Without credentials the stack is environment-agnostic; with them, it targets the CLI's account.
// SKIP_BUNDLING=1 synthesises without running esbuild (the CLI refuses `-c aws:cdk:bundling-stacks=[]`).

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CompactTrackerStack } from './stack.ts';

const app = new App({
  ...(process.env.SKIP_BUNDLING === '1' ? { postCliContext: { 'aws:cdk:bundling-stacks': [] } } : {}),
});

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new CompactTrackerStack(app, 'CompactTracker', {
  ...(account && region ? { env: { account, region } } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

app.synth();
