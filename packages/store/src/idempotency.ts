import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { failedOnOwnWrite } from './own-write.ts';

/** A creating request's first outcome, kept for a day so that a retried request gets the same answer. */
export type IdempotencyRecord = {
  requestHash: string;
  state: 'in-progress' | 'done';
  status?: number;
  body?: string;
  contentType?: string;
};

const DAY_SECONDS = 24 * 60 * 60;
/** Longer than any request may run (API Gateway gives up at 30 s). */
const ABANDONED_SECONDS = 60;

/** Claims a key for a request; returns the existing record when the key was claimed before. */
export async function claimIdempotencyKey(
  db: Db,
  scope: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<IdempotencyRecord | null> {
  const seconds = Math.floor(now.getTime() / 1000);
  // Tells this claim from another request's: see failedOnOwnWrite.
  const claimId = randomUUID();
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.idempotency(scope, key),
          type: 'idempotency',
          requestHash,
          state: 'in-progress',
          claimId,
          claimedAt: seconds,
          expiresAt: seconds + DAY_SECONDS,
        },
        // A key is free if never used, expired (TTL deletes lazily), or claimed by a request that
        // died before finishing (a Lambda timeout): a client retrying then is not stuck on 409.
        ConditionExpression:
          'attribute_not_exists(PK) OR expiresAt < :now OR (#state = :running AND claimedAt < :abandoned)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': seconds,
          ':running': 'in-progress',
          ':abandoned': seconds - ABANDONED_SECONDS,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return null;
  } catch (error) {
    if (failedOnOwnWrite(error, { claimId })) return null;
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    const existing = await db.doc.send(
      new GetCommand({ TableName: db.table, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    return (existing.Item as IdempotencyRecord | undefined) ?? null;
  }
}

export async function completeIdempotencyKey(
  db: Db,
  scope: string,
  key: string,
  response: { status: number; body: string; contentType: string },
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.idempotency(scope, key),
      UpdateExpression: 'SET #state = :done, #status = :status, body = :body, contentType = :contentType',
      ExpressionAttributeNames: { '#state': 'state', '#status': 'status' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':status': response.status,
        ':body': response.body,
        ':contentType': response.contentType,
      },
    }),
  );
}

/** A request that failed leaves no record, so that the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Db, scope: string, key: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.idempotency(scope, key) }));
}
