import type { Db } from '@compact-tracker/store/db';
import { finishNameMove } from '@compact-tracker/store/supplier-name-move-run';
import { reclassifySupplier } from '@compact-tracker/store/supplier-spend';
import { nameMoveOf, streamEvent, supplierChangeOf } from './stream-event.ts';

// The fan-out function's work for one batch of stream records: each changed supplier's spend moves
// to its new classification in every paying organisation (store/supplier-spend reclassifySupplier,
// the code the laptop runs in process), once per supplier however often the batch names it. The
// fan-out is idempotent, so a batch delivered again ends where a clean run ends. A failure stops the
// batch at the first record not done and names it (a partial batch response): Lambda retries from
// there, and after its last attempt sends the batch's description to the failures queue. The same
// function finishes the moves of a pointed name's lines that the API handed to the background
// (store/supplier-name-move-run: exactly once, so also safe delivered again).

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
    const move = nameMoveOf(record);
    if (move) {
      const key = `move:${move.organisationId}#${move.normalisedName}`;
      if (done.has(key)) continue;
      try {
        const finished = await finishNameMove(db, move.organisationId, move.normalisedName);
        log('info', 'name move finished', {
          organisationId: move.organisationId,
          rows: finished?.rows ?? 0,
          status: finished?.status ?? 'none',
        });
        done.add(key);
        continue;
      } catch (error) {
        log('error', 'name move failed; the batch is retried from this record', {
          organisationId: move.organisationId,
          error,
        });
        return { batchItemFailures: [{ itemIdentifier: move.sequenceNumber }] };
      }
    }
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
