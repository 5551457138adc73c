// What a function's code does to DynamoDB and S3, read from its esbuild bundle: the bundle is built
// with the stack's settings and plugins, unminified (so names survive; esbuild has already dropped
// what the function never reaches), and our own files' parts of it (esbuild marks each with a
// `// packages/...` comment) are searched for the SDK commands they send, the items of their
// transactions, the S3 operations they presign and the keys (packages/store/src/keys.ts) they use.
// The SDK's own code is not searched: its clients carry every command whether used or not.

import { build } from 'esbuild';
import { type BundledFunctionName, bundling, functionEntry } from '../../infra/bundling.ts';
import { lambdaPlugins } from '../../infra/esbuild-plugins.ts';
import { keys } from '../../packages/store/src/keys.ts';
import { supplierKeys } from '../../packages/store/src/supplier-keys.ts';

/** lib-dynamodb's and client-dynamodb's commands -> the IAM actions they need. */
const dynamoActionsOfCommand: Record<string, string[]> = {
  Get: ['dynamodb:GetItem'],
  GetItem: ['dynamodb:GetItem'],
  Put: ['dynamodb:PutItem'],
  PutItem: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  UpdateItem: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  DeleteItem: ['dynamodb:DeleteItem'],
  Query: ['dynamodb:Query'],
  Scan: ['dynamodb:Scan'],
  BatchGet: ['dynamodb:BatchGetItem'],
  BatchGetItem: ['dynamodb:BatchGetItem'],
  BatchWrite: ['dynamodb:BatchWriteItem'],
  BatchWriteItem: ['dynamodb:BatchWriteItem'],
  // A transaction needs the action of each of its items (below), not one of its own.
  TransactGet: ['dynamodb:GetItem'],
  TransactGetItems: ['dynamodb:GetItem'],
  TransactWrite: [],
  TransactWriteItems: [],
};
/** TransactWriteItems' item kinds -> the IAM action each needs. */
const dynamoActionsOfTransactionItem: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};
/** S3 commands sent (or presigned with `x-id`) -> IAM actions. */
/** Lambda commands -> IAM actions (the functions that start report runs invoke the jobs). */
const lambdaActionsOfCommand: Record<string, string> = {
  Invoke: 'lambda:InvokeFunction',
};
/** SES commands -> IAM actions (the pages email invitations when a sender is configured). */
const sesActionsOfCommand: Record<string, string> = {
  SendEmail: 'ses:SendEmail',
};
const s3ActionsOfCommand: Record<string, string> = {
  GetObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  ListObjectsV2: 's3:ListBucket',
};
/** A use of a key builder: `keys.x` or `supplierKeys.x` (esbuild may number either). */
const keyUse = /\b((?:supplierK|k)eys\d*)\.(\w+)/g;

export type BundleUsage = {
  /** IAM actions on the table, e.g. dynamodb:Query. */
  dynamodb: Set<string>;
  /** IAM actions on the upload bucket, e.g. s3:GetObject. */
  s3: Set<string>;
  /** IAM actions on other functions, e.g. lambda:InvokeFunction. */
  lambda: Set<string>;
  /** IAM actions on SES identities, e.g. ses:SendEmail. */
  ses: Set<string>;
  /** Partition-key prefixes (`ORG#`, `CARBON_FACTORS`) of every key the code builds. */
  keyPrefixes: Set<string>;
  /** ...of the keys of items written: spread into an item, or used by a function that writes. */
  writtenKeyPrefixes: Set<string>;
  /** Commands found that this file does not know: the test fails on them rather than guess. */
  unknown: string[];
};

/**
 * The partition key prefix of what a `keys` (or `supplierKeys`, packages/store/src/supplier-keys.ts)
 * member builds, or null for index keys and sort-key prefixes.
 */
export function partitionKeyPrefix(member: string, from: 'keys' | 'supplierKeys' = 'keys'): string | null {
  const built: unknown = ((from === 'keys' ? keys : supplierKeys) as Record<string, unknown>)[member];
  if (typeof built !== 'function') return null; // a sort-key prefix such as BUDGET#
  const value: unknown = (built as (...args: unknown[]) => unknown)('x', 'x', 'x', 'x', 1);
  const pk = typeof value === 'string' ? value : (value as { PK?: unknown })?.PK;
  if (typeof pk !== 'string') return null; // an index key (GSI1PK)
  const hash = pk.indexOf('#');
  return hash < 0 ? pk : pk.slice(0, hash + 1);
}

export async function bundleUsage(name: BundledFunctionName): Promise<BundleUsage> {
  const result = await build({
    entryPoints: [functionEntry(name)],
    bundle: true,
    write: false,
    outfile: `${name}.mjs`,
    platform: bundling.platform,
    format: bundling.format,
    target: bundling.target,
    mainFields: [...bundling.mainFields],
    external: [...bundling.external],
    minify: false,
    plugins: lambdaPlugins(),
    logLevel: 'error',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const usage: BundleUsage = {
    dynamodb: new Set(),
    s3: new Set(),
    lambda: new Set(),
    ses: new Set(),
    keyPrefixes: new Set(),
    writtenKeyPrefixes: new Set(),
    unknown: [],
  };
  const parts = text.split(/^\/\/ (\S+)$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const file = parts[i] ?? '';
    const code = parts[i + 1] ?? '';
    if (!/^(packages|functions)\//.test(file)) continue;
    const fileActions = new Set<string>();
    for (const [, command = ''] of code.matchAll(/\bnew (\w+?)Command\d*\(/g)) {
      const dynamo = dynamoActionsOfCommand[command];
      const s3 = s3ActionsOfCommand[command];
      const lambda = lambdaActionsOfCommand[command];
      const ses = sesActionsOfCommand[command];
      if (dynamo) for (const action of dynamo) fileActions.add(action);
      else if (s3) usage.s3.add(s3);
      else if (lambda) usage.lambda.add(lambda);
      else if (ses) usage.ses.add(ses);
      else usage.unknown.push(`${file}: ${command}Command`);
    }
    if (/\bnew TransactWrite(Items)?Command\d*\(/.test(code)) {
      for (const [, kind = ''] of code.matchAll(/\b(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g)) {
        fileActions.add(dynamoActionsOfTransactionItem[kind] ?? kind);
      }
    }
    // Presigned requests name their operation in the x-id query parameter.
    for (const [, operation = ''] of code.matchAll(/["']x-id["']\s*:\s*["'](\w+)["']/g)) {
      const s3 = s3ActionsOfCommand[operation];
      if (s3) usage.s3.add(s3);
      else usage.unknown.push(`${file}: presigned ${operation}`);
    }
    for (const [, from = '', member = ''] of code.matchAll(keyUse)) {
      const prefix = partitionKeyPrefix(member, from.replace(/\d+$/, '') as 'keys');
      if (prefix) usage.keyPrefixes.add(prefix);
    }
    for (const action of fileActions) usage.dynamodb.add(action);
    // Written keys: those spread into an item (`{ ...keys.x(), ... }`, an item being built to put),
    // and those used in a top-level function that writes (a Key to update, delete or check).
    for (const [, from = '', member = ''] of code.matchAll(/\.\.\.((?:supplierK|k)eys\d*)\.(\w+)/g)) {
      const prefix = partitionKeyPrefix(member, from.replace(/\d+$/, '') as 'keys');
      if (prefix) usage.writtenKeyPrefixes.add(prefix);
    }
    for (const chunk of code.split(/^(?=(?:async )?function\s|var |const |let |class )/m)) {
      if (!/\bnew (Put|Update|Delete|BatchWrite|TransactWrite)(Item|Items)?Command\d*\(/.test(chunk))
        continue;
      for (const [, from = '', member = ''] of chunk.matchAll(keyUse)) {
        const prefix = partitionKeyPrefix(member, from.replace(/\d+$/, '') as 'keys');
        if (prefix) usage.writtenKeyPrefixes.add(prefix);
      }
    }
  }
  return usage;
}
