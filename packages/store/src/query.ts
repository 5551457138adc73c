import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { decodeCursor, encodeCursor, InvalidCursorError, type Page } from './pagination.ts';

/** One page of a query, resuming from a client's cursor; a cursor for another query is refused. */
export async function queryPage<T>(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  page: { limit: number; cursor?: string | undefined },
  map: (item: Record<string, unknown>) => T = (item) => item as T,
): Promise<Page<T>> {
  const start = decodeCursor(page.cursor);
  try {
    const result = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.table, Limit: page.limit, ExclusiveStartKey: start }),
    );
    return { items: (result.Items ?? []).map(map), nextCursor: encodeCursor(result.LastEvaluatedKey) };
  } catch (error) {
    // DynamoDB answers a start key from another partition or index with a ValidationException.
    if (start && error instanceof Error && error.name === 'ValidationException')
      throw new InvalidCursorError();
    throw error;
  }
}

/** Every item of a query, following pages (for bounded partitions only). */
export async function queryAll(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.table, ExclusiveStartKey: start }),
    );
    items.push(...(result.Items ?? []));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Strips the table's key attributes and item type before a record leaves the store. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, GSI1PK: _g1pk, GSI1SK: _g1sk, type: _type, ...rest } = item;
  return rest as T;
}

/** Keys a BatchGetItem may ask for at once. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 8;

/**
 * The items of these keys, read by BatchGetItem a hundred keys at a time; keys DynamoDB leaves
 * unprocessed are asked again after a jittered wait (8 attempts, then an error). Keys without an
 * item are left out; the order of the answer is DynamoDB's.
 */
export async function getAll(
  db: Db,
  keys: readonly Record<string, unknown>[],
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) {
    let pending = keys.slice(i, i + BATCH_GET_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) await sleep(Math.random() * Math.min(5000, 50 * 2 ** (attempt - 1)));
      const result = await db.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [db.table]: {
              Keys: [...pending],
              ...(options.consistent ? { ConsistentRead: true } : {}),
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
            },
          },
        }),
      );
      items.push(...(result.Responses?.[db.table] ?? []));
      pending = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0 && attempt >= BATCH_GET_ATTEMPTS)
        throw new Error('DynamoDB kept leaving keys of a BatchGetItem unprocessed');
    }
  }
  return items;
}
