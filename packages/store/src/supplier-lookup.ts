import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isUndisclosedName, normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { supplierKeys as keys } from './supplier-keys.ts';

// Finding the record an organisation means by a supplier name or id, reading only: the
// organisation's own pointing of the name first, then the normalised name (as an import resolves a
// row's name, without creating anything); and whether the organisation has paid a record.

export type NamedSupplier =
  | { found: true; supplierId: string }
  | { found: false; reason: 'undisclosed' | 'unknown' };

async function holder(db: Db, key: { PK: string; SK: string }): Promise<string | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
  return (result.Item?.supplierId as string | undefined) ?? null;
}

/** The record a name of the organisation's rows resolves to, when one exists. */
export async function supplierOfOrganisationName(
  db: Db,
  organisationId: string,
  name: string,
): Promise<NamedSupplier> {
  if (isUndisclosedName(name)) return { found: false, reason: 'undisclosed' };
  const normalised = normaliseSupplierName(name);
  const supplierId =
    (await holder(db, keys.organisationName(organisationId, normalised))) ??
    (await holder(db, keys.nameIdentity(normalised)));
  return supplierId ? { found: true, supplierId } : { found: false, reason: 'unknown' };
}

/** Whether the organisation has paid the supplier (an import wrote spend of it). */
export async function organisationPaid(db: Db, supplierId: string, organisationId: string): Promise<boolean> {
  const result = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.paidBy(supplierId, organisationId),
      ConsistentRead: true,
      ProjectionExpression: 'PK',
    }),
  );
  return result.Item !== undefined;
}
