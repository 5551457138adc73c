// How every Lambda function of the stack is built: Node.js 24 on arm64, bundled to ESM by esbuild
// with the settings in infra/bundling.ts, JSON logs into its own log group, and its own role that
// may write to that log group and nothing else (grants are added by whoever creates the function).

import { type CfnElement, type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type IDestination, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import type { BundledFunctionName } from '../bundling.ts';
import { functionCode } from '../esbuild-asset.ts';

export type NodeFunctionProps = {
  name: BundledFunctionName;
  memorySize: number;
  timeout: Duration;
  /** Besides POWERTOOLS_SERVICE_NAME (`compact-tracker-<name>`), which all get. */
  environment: Record<string, string>;
  logRetention?: RetentionDays | undefined;
  /** Asynchronous invocations (S3 events, schedules): how often Lambda retries, for how long, and where failures go. */
  retryAttempts?: number;
  maxEventAge?: Duration;
  onFailure?: IDestination;
};

/**
 * Creates `<Name>Logs`, `<Name>Role` and `<Name>` (the function) in `scope`. The ids are part of
 * the resources' logical ids: changing them replaces deployed resources.
 */
export function createNodeFunction(scope: Construct, props: NodeFunctionProps): NodejsFunction {
  const id = pascal(props.name);
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group
  // and nothing else (the managed policy allows every log group in the account).
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Compact Tracker ${props.name} function`,
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, id, {
    role,
    // Built by infra/bundle-function.ts: esbuild with plugins, which NodejsFunction's bundling cannot take.
    code: functionCode(props.name),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    // X-Ray traces of each invocation: cold starts, duration, and the DynamoDB and S3 calls' share.
    tracing: Tracing.ACTIVE,
    description: `Compact Tracker: ${props.name}`,
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: `compact-tracker-${props.name}`,
    },
    ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
    ...(props.maxEventAge ? { maxEventAge: props.maxEventAge } : {}),
    ...(props.onFailure ? { onFailure: props.onFailure } : {}),
  });
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by tracing: ACTIVE) are on `*`: ' +
      'X-Ray has no resource-level permissions for them, so `*` is the only resource they accept.',
  );
  if (props.onFailure) {
    acknowledge(
      fn,
      'Serverless-LambdaDLQ',
      'Asynchronous invocations that fail every attempt go to the on-failure destination (an SQS queue ' +
        'with an alarm), which records the error and request context as a dead-letter queue does not; ' +
        'a dead-letter queue as well would deliver every failure twice.',
    );
  }
  return fn;
}

/** The logical id of a construct's CloudFormation resource, as cdk-nag names it in finding ids. */
export function logicalIdOf(construct: Construct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

export function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
