import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Target } from '@compact-tracker/domain/flexible-framework';
import { isCancelledBy } from './compacts.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';

// An organisation's Flexible Framework targets: one set in force under its partition, replaced as
// a whole, every set kept in a history partition of its own.

export type TargetsRecord = {
  organisationId: string;
  targets: Target[];
  revision: number;
  updatedAt: string;
  updatedBy: string;
};

export class StaleTargetsError extends Error {
  constructor() {
    super("the organisation's targets were replaced meanwhile");
    this.name = 'StaleTargetsError';
  }
}

export async function getTargets(db: Db, organisationId: string): Promise<TargetsRecord | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.targets(organisationId), ConsistentRead: true }),
  );
  return result.Item ? withoutKeys<TargetsRecord>(result.Item) : null;
}

/**
 * Replaces the targets if they are still at `expectedRevision` (0: none yet), keeping the new set
 * in the history, in one transaction.
 */
export async function replaceTargets(db: Db, record: TargetsRecord, expectedRevision: number): Promise<void> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.targets(record.organisationId), type: 'targets', ...record },
              ...(expectedRevision === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : {
                    ConditionExpression: 'revision = :expected',
                    ExpressionAttributeValues: { ':expected': expectedRevision },
                  }),
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.targetsHistory(record.organisationId, record.revision),
                type: 'targets-revision',
                ...record,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isCancelledBy(error, 0, 'ConditionalCheckFailed')) throw new StaleTargetsError();
    throw error;
  }
}

/** Every set of targets the organisation has had, newest first. */
export async function targetsHistory(db: Db, organisationId: string): Promise<TargetsRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.targetsHistory(organisationId, 0).PK },
    ScanIndexForward: false,
  });
  return items.map((item) => withoutKeys<TargetsRecord>(item));
}
