import type { Db } from '@compact-tracker/store/db';
import { reclassifySupplier } from '@compact-tracker/store/supplier-spend';
import { streamEvent, supplierChangeOf } from './stream-event.ts';

// The fan-out function's work for one batch of stream records: each changed supplier's spend moves
// to its new classification in every paying organisation (store/supplier-spend reclassifySupplier,
// the code the laptop runs in process), once per supplier however often the batch names it. The
// fan-out is idempotent, so a batch delivered again ends where a clean run ends. A failure stops the
// batch at the first record not done and names it (a partial batch response): Lambda retries from
// there, and after its last attempt sends the batch's description to the failures queue.

export type BatchResponse = { batchItemFailures: { itemIdentifier: string }[] };

export type Log = (level: 'info' | 'error', message: string, extra: Record<string, unknown>) => void;

export async function fanOutSupplierChanges(db: Db, event: unknown, log: Log): Promise<BatchResponse> {
  const parsed = streamEvent.safeParse(event);
  if (!parsed.success) {
    log('error', 'ignored an event that is not a DynamoDB stream batch', {});
    return { batchItemFailures: [] };
  }
  const done = new Set<string>();
  for (const record of parsed.data.Records) {
    const change = supplierChangeOf(record);
    if (!change) {
      log('info', 'ignored a stream record that is not a change of supplier facts', {});
      continue;
    }
    if (done.has(change.supplierId)) continue;
    try {
      const stats = await reclassifySupplier(db, change.supplierId);
      log('info', 'supplier fan-out finished', { supplierId: change.supplierId, ...stats });
      done.add(change.supplierId);
    } catch (error) {
      log('error', 'supplier fan-out failed; the batch is retried from this record', {
        supplierId: change.supplierId,
        error,
      });
      return { batchItemFailures: [{ itemIdentifier: change.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}
