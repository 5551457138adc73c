import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../db.ts';

// What the one-off migrations share: the ledger partitions (an organisation's quarter) that hold a
// spend transaction still to migrate, found by one scan of the table and each handed over once.

/**
 * Calls `each` once for every partition holding a `spend-transaction` item that matches `filter`
 * (a FilterExpression over `#type` and the names given), with the first such item's projected
 * attributes, one partition after another; resolves when the scan ends.
 */
export async function eachPartitionToMigrate(
  db: Db,
  options: {
    filter: string;
    names?: Record<string, string>;
    /** Attributes handed to `each` besides PK. */
    projection?: string[];
  },
  each: (pk: string, item: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const done = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({
        TableName: db.table,
        FilterExpression: `#type = :type AND (${options.filter})`,
        ExpressionAttributeNames: { '#type': 'type', ...options.names },
        ExpressionAttributeValues: { ':type': 'spend-transaction' },
        ProjectionExpression: ['PK', ...(options.projection ?? [])].join(', '),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = item.PK as string;
      if (done.has(pk)) continue;
      done.add(pk);
      await each(pk, item);
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
