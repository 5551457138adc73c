import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context, DynamoDBStreamEvent } from 'aws-lambda';

// API Gateway HTTP API (payload format 2.0) events as the service receives them in AWS: private
// routes carry the JWT authorizer's claims, all strings (groups as "[admin]").

export type Claims = { sub: string; email: string; name?: string; 'cognito:groups'?: string };

export function httpEvent(
  method: string,
  path: string,
  options: {
    claims?: Claims;
    body?: unknown;
    query?: string;
    headers?: Record<string, string>;
    routeKey?: string;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return {
    version: '2.0',
    routeKey: options.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'api.example.test',
      'x-forwarded-proto': 'https',
      ...(body
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
        : {}),
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: options.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: options.claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims: options.claims, scopes: [] } }
        : (undefined as never),
    },
    body,
    isBase64Encoded: false,
  };
}

let streamSequence = 100;

/** A change of one item as the table's stream reports it (keys only). */
export type StreamChange = { eventName: 'INSERT' | 'MODIFY' | 'REMOVE'; PK: string; SK: string };

/** A DynamoDB stream batch as Lambda delivers it to a function (StreamViewType KEYS_ONLY). */
export function streamBatch(changes: StreamChange[]): DynamoDBStreamEvent {
  return {
    Records: changes.map((change) => {
      streamSequence += 1;
      return {
        eventID: `event-${streamSequence}`,
        eventName: change.eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'eu-west-2',
        dynamodb: {
          ApproximateCreationDateTime: 1_764_547_200,
          Keys: { PK: { S: change.PK }, SK: { S: change.SK } },
          SequenceNumber: `${streamSequence}000000000000000000001`,
          SizeBytes: 60,
          StreamViewType: 'KEYS_ONLY',
        },
        eventSourceARN: 'arn:aws:dynamodb:eu-west-2:123456789012:table/Data/stream/2026-12-01T00:00:00.000',
      };
    }),
  };
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `aws-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Points the functions at a test table, as the stack's environment does in AWS, then bundles each
 * with the stack's esbuild settings and imports its handler fresh.
 */
export async function bundledHandlers<N extends string>(
  names: readonly N[],
  environment: { table: string; endpoint: string },
  bundle: (name: N, outRoot: string) => Promise<{ outfile: string }>,
): Promise<Record<N, (event: unknown, context: unknown) => Promise<any>>> {
  Object.assign(process.env, {
    TABLE_NAME: environment.table,
    DYNAMODB_ENDPOINT: environment.endpoint,
    AWS_REGION: 'eu-west-2',
    POWERTOOLS_SERVICE_NAME: 'compact-tracker-test',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const outRoot = mkdtempSync(join(tmpdir(), 'ct-bundles-'));
  const handlers = {} as Record<N, (event: unknown, context: unknown) => Promise<any>>;
  for (const name of names) {
    const { outfile } = await bundle(name, outRoot);
    handlers[name] = (await import(pathToFileURL(outfile).href)).handler;
  }
  return handlers;
}

/** What the call printed to stdout (JSON lines: logs and embedded metrics), beside its result. */
export async function printed<T>(call: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    lines.push(...text.split('\n').filter((line) => line.startsWith('{')));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return { result: await call(), lines };
  } finally {
    process.stdout.write = write;
  }
}
