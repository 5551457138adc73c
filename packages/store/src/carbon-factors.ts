import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type CarbonFactorTable, defaultCarbonFactors } from '@compact-tracker/domain/carbon';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

export type StoredCarbonFactors = CarbonFactorTable & { replacedAt?: string; replacedBy?: string };

/** The factor table in force: the last one uploaded, or the sourced defaults shipped as data. */
export async function currentCarbonFactors(db: Db): Promise<StoredCarbonFactors> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.carbonFactors() }));
  return (result.Item?.table as StoredCarbonFactors | undefined) ?? defaultCarbonFactors;
}

/** Replaces the table in force, keeping every uploaded version. */
export async function replaceCarbonFactors(db: Db, table: StoredCarbonFactors): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: { ...keys.carbonFactors(), type: 'carbon-factors', table } } },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.carbonFactorsHistory(table.version), type: 'carbon-factors-version', table },
          },
        },
      ],
    }),
  );
}
