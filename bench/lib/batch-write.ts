// Writes items with BatchWriteItem, 25 a request and `concurrency` requests in flight, retrying
// what DynamoDB leaves unprocessed: the fastest plain way to load a table, used to seed benchmarks
// and as the baseline a transactional write is held against.

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '@compact-tracker/store/db';

export async function batchWriteAll(
  db: Db,
  items: Iterable<Record<string, unknown>>,
  concurrency: number,
): Promise<number> {
  const source = items[Symbol.iterator]();
  let written = 0;
  // Each worker takes the next 25 from the shared iterator: items are generated as they are written.
  const nextBatch = () => {
    const batch: Record<string, unknown>[] = [];
    for (let step = source.next(); !step.done; step = source.next()) {
      batch.push(step.value);
      if (batch.length === 25) break;
    }
    return batch;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt > 10) throw new Error('DynamoDB kept leaving items unprocessed');
          const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
          pending = (result.UnprocessedItems?.[db.table] ?? []) as typeof pending;
          if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * attempt));
        }
        written += batch.length;
      }
    }),
  );
  return written;
}
