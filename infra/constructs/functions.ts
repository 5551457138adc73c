// One Lambda function per entry in functions/: Node.js 24 on arm64, bundled to ESM by esbuild with
// the settings in infra/bundling.ts, each with its own log group and only the table access it needs.

import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, functionNames } from '../../functions/routes.ts';
import { acknowledge } from '../acknowledge.ts';
import { bundling, functionEntry, projectRoot } from '../bundling.ts';

/**
 * What each function may do to the table. Typed over every function name, so a new function
 * cannot be added without deciding. Pages and identity only read; the areas that create and
 * change things (and keep idempotency records) read and write.
 */
export const tableAccess: Record<FunctionName, 'read' | 'readWrite'> = {
  // The pages' forms (sign, register, declare a budget) call the same services as the API.
  web: 'readWrite',
  identity: 'read',
  partnerships: 'readWrite',
  compacts: 'readWrite',
  organisations: 'readWrite',
  spend: 'readWrite',
};

export type ApiFunctionsProps = {
  table: ITableV2;
  /** The user pool's issuer URL: public routes verify an optional bearer token themselves. */
  jwtIssuer: string;
  /** The user pool client id: the audience of the tokens. */
  jwtAudience: string;
  logRetention?: RetentionDays;
};

export class ApiFunctions extends Construct {
  readonly byName: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const entries = functionNames.map((name) => [name, this.createFunction(name, props)] as const);
    this.byName = Object.fromEntries(entries) as Record<FunctionName, NodejsFunction>;
  }

  private createFunction(name: FunctionName, props: ApiFunctionsProps): NodejsFunction {
    const logGroup = new LogGroup(this, `${pascal(name)}Logs`, {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group
    // and nothing else (the managed policy allows every log group in the account).
    const role = new Role(this, `${pascal(name)}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Compact Tracker ${name} function`,
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, pascal(name), {
      role,
      entry: functionEntry(name),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      description: `Compact Tracker: ${name}`,
      environment: {
        TABLE_NAME: props.table.tableName,
        JWT_ISSUER: props.jwtIssuer,
        JWT_AUDIENCE: props.jwtAudience,
        POWERTOOLS_SERVICE_NAME: `compact-tracker-${name}`,
        ...(bundling.sourcemap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: bundling.target,
        mainFields: [...bundling.mainFields],
        minify: bundling.minify,
        sourceMap: bundling.sourcemap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: bundling.sourcesContent,
        banner: bundling.banner,
        externalModules: [...bundling.external],
      },
    });

    if (tableAccess[name] === 'readWrite') props.table.grantReadWriteData(fn);
    else props.table.grantReadData(fn);

    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.table.node.defaultChild as CfnElement)}.Arn>/index/*]`,
      'The table grant covers its own indexes (`<table arn>/index/*`) so that GSI1 can be queried; ' +
        'no other table is reachable, and the actions are the grant’s read (or read/write) data set.',
    );
    return fn;
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
