import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RegisterKind } from '@compact-tracker/domain/supplier-facts';
import type { Db } from './db.ts';
import { queryAll, withoutKeys } from './query.ts';
import { supplierKeys as keys } from './supplier-keys.ts';
import type { SupplierRecord } from './suppliers.ts';

// Loads of official register files (Companies House, Charity Commission): one item each, with the
// loader's progress on it, as spend imports keep theirs.

export type RegisterLoadStatus = 'waiting' | 'running' | 'completed' | 'failed';

export type RegisterLoadRecord = {
  id: string;
  kind: RegisterKind;
  status: RegisterLoadStatus;
  uploadKey: string;
  rowsProcessed: number;
  suppliersMatched: number;
  factsSet: number;
  numbersRefused: number;
  createdAt: string;
  createdBy: string;
  startedAt?: string;
  finishedAt?: string;
  failure?: string;
};

export async function createRegisterLoad(db: Db, record: RegisterLoadRecord): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.registerLoad(record.id), type: 'supplier-register-load', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function getRegisterLoad(db: Db, id: string): Promise<RegisterLoadRecord | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.registerLoad(id), ConsistentRead: true }),
  );
  return result.Item ? withoutKeys<RegisterLoadRecord>(result.Item) : null;
}

export async function updateRegisterLoad(
  db: Db,
  id: string,
  changes: Partial<Omit<RegisterLoadRecord, 'id' | 'kind' | 'uploadKey' | 'createdAt' | 'createdBy'>>,
): Promise<void> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.registerLoad(id),
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
    }),
  );
}

/**
 * Every supplier record (the GSI's listing): what a register load matches rows against. Bounded by
 * the suppliers that councils' files name (thousands), never by the register's millions of rows.
 */
export async function allSuppliers(db: Db): Promise<SupplierRecord[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.suppliersIndex('').GSI1PK },
  });
  return items.map((item) => withoutKeys<SupplierRecord>(item));
}
