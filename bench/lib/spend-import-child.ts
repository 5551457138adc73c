// One import case in a process of its own, so that its peak memory is the import's alone: the
// spend import of a CSV streamed from disk; its review pass alone (the file read and checked,
// nothing written); the same file imported twice and the first import reverted, each timed; or a
// baseline writing as many items shaped like ledger entries: BatchWriteItem, or TransactWriteItems
// of 100 conditional puts (the import's writes without the file). Prints one JSON line
// (SpendImportChildResult) on stdout.
// Usage: node --import tsx bench/lib/spend-import-child.ts '<SpendImportChildTask as JSON>'

import { createReadStream } from 'node:fs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { reviewSpendFile } from '@compact-tracker/jobs/import/review-pass';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { surveySpendFile } from '@compact-tracker/spend-files/read';
import { createDb } from '@compact-tracker/store/db';
import { revertImportLines } from '@compact-tracker/store/import-revert';
import { keys } from '@compact-tracker/store/keys';
import { createSpendImport, getSpendImport, MAX_TRANSACT_ITEMS } from '@compact-tracker/store/spend-imports';
import { waitingImport } from '../../test/support/spend-import-record.ts';
import { batchWriteAll } from './batch-write.ts';
import { countRequests, type RequestCounts } from './dynamodb-request-counter.ts';

export type SpendImportChildTask =
  | {
      mode: 'import' | 'review' | 'import-again';
      endpoint: string;
      table: string;
      csvPath: string;
      organisationId: string;
      /** False: without supplier resolution (the import's own comparison). */
      suppliers?: boolean;
      /** 'import' only: the import's id (another import of the same table takes another). */
      importId?: string;
    }
  | {
      mode: 'batch-write' | 'transact-write';
      endpoint: string;
      table: string;
      items: number;
      concurrency: number;
    };

export type SpendImportChildResult = {
  seconds: number;
  /** Import only: the import item's counters when it finished. */
  status?: string;
  rowsProcessed?: number;
  rowsImported?: number;
  rowsRejected?: number;
  counts: RequestCounts;
  /** Resident memory when ready to start (modules loaded), and the process's peak (getrusage). */
  rssReadyBytes: number;
  rssPeakBytes: number;
  /**
   * The JavaScript heap still live after a full collection at the end (with --expose-gc): what the
   * run kept, as opposed to garbage V8 had not yet collected, which the peak RSS also counts.
   */
  heapRetainedBytes: number | null;
  /** 'import-again': the second import of the same file (all duplicates), and the revert of the first. */
  again?: { seconds: number; status?: string; rowsDuplicate?: number; rowsImported?: number };
  revert?: { seconds: number; removed: number; restored: number };
};

const task = JSON.parse(process.argv[2] ?? '{}') as SpendImportChildTask;
const db = createDb({ endpoint: task.endpoint, table: task.table });
const counter = countRequests(db.doc);
let result: Omit<SpendImportChildResult, 'counts' | 'rssReadyBytes' | 'rssPeakBytes' | 'heapRetainedBytes'>;
let rssReadyBytes: number;

if (task.mode === 'import' || task.mode === 'import-again') {
  const importId = task.importId ?? 'BENCHIMPORT';
  await createSpendImport(db, waitingImport(task.organisationId, importId));
  counter.reset();
  rssReadyBytes = process.memoryUsage().rss;
  const { seconds, record } = await timedImport(task.organisationId, importId, task.csvPath, {
    suppliers: task.suppliers !== false,
  });
  result = {
    seconds,
    status: record?.status,
    rowsProcessed: record?.rowsProcessed,
    rowsImported: record?.rowsImported,
    rowsRejected: record?.rowsRejected,
  };
  if (task.mode === 'import-again') {
    await createSpendImport(db, waitingImport(task.organisationId, 'BENCHAGAIN'));
    const again = await timedImport(task.organisationId, 'BENCHAGAIN', task.csvPath);
    const started = performance.now();
    const undone = await revertImportLines(db, task.organisationId, importId);
    result = {
      ...result,
      again: {
        seconds: again.seconds,
        status: again.record?.status,
        rowsDuplicate: again.record?.rowsDuplicate,
        rowsImported: again.record?.rowsImported,
      },
      revert: { seconds: (performance.now() - started) / 1000, ...undone },
    };
  }
} else if (task.mode === 'review') {
  // The survey and review passes as the import runs them, without writing anything.
  const record = waitingImport(task.organisationId, 'BENCHREVIEW');
  const open = () => createReadStream(task.csvPath, { highWaterMark: 64 * 1024 });
  rssReadyBytes = process.memoryUsage().rss;
  const started = performance.now();
  const layout = await surveySpendFile(open(), record.mapping);
  const review = await reviewSpendFile(open(), layout, record, new Date().toISOString().slice(0, 10));
  result = {
    seconds: (performance.now() - started) / 1000,
    rowsProcessed: review.tally.rows,
    rowsRejected: review.rowsRejected,
  };
} else if (task.mode === 'batch-write') {
  rssReadyBytes = process.memoryUsage().rss;
  const started = performance.now();
  await batchWriteAll(db, ledgerLikeItems(task.items), task.concurrency);
  result = { seconds: (performance.now() - started) / 1000 };
} else {
  if (task.mode !== 'transact-write') throw new Error(`unknown mode ${task.mode}`);
  rssReadyBytes = process.memoryUsage().rss;
  const started = performance.now();
  await transactWriteAll(task.items, task.concurrency);
  result = { seconds: (performance.now() - started) / 1000 };
}

const counts = counter.counts();
const rssPeakBytes = process.resourceUsage().maxRSS * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
process.stdout.write(
  `${JSON.stringify({
    ...result,
    counts,
    rssReadyBytes,
    rssPeakBytes,
    heapRetainedBytes: gc ? process.memoryUsage().heapUsed : null,
  } satisfies SpendImportChildResult)}\n`,
);
db.doc.destroy();

async function timedImport(
  organisationId: string,
  importId: string,
  csvPath: string,
  options: { suppliers?: boolean } = {},
) {
  const source = { open: async () => createReadStream(csvPath, { highWaterMark: 64 * 1024 }) };
  const started = performance.now();
  await runSpendImport(db, organisationId, importId, source, { suppliers: options.suppliers !== false });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, record: await getSpendImport(db, organisationId, importId) };
}

async function transactWriteAll(count: number, concurrency: number) {
  const source = ledgerLikeItems(count);
  const nextBatch = () => {
    const batch: Record<string, unknown>[] = [];
    for (let step = source.next(); !step.done; step = source.next()) {
      batch.push(step.value);
      if (batch.length === MAX_TRANSACT_ITEMS) break;
    }
    return batch;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: batch.map((Item) => ({
              Put: {
                TableName: db.table,
                Item,
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            })),
          }),
        );
      }
    }),
  );
}

/** Items the size and shape of the import's ledger entries, spread over partitions as it spreads them. */
function* ledgerLikeItems(count: number) {
  const categories = ['construction', 'ict', 'professional-services', 'energy-utilities', 'waste', 'other'];
  for (let i = 0; i < count; i++) {
    const quarter = `2024-25-Q${1 + (Math.floor(i / 3000) % 4)}`;
    const key = `bench${i.toString(36).padStart(27, '0')}`; // entry keys are 32-character hashes
    yield {
      ...keys.spendTransaction('BASELINE', quarter, key),
      type: 'spend-transaction',
      organisationId: 'BASELINE',
      importId: 'BENCHIMPORT',
      key,
      quarter,
      category: categories[i % categories.length],
      categoryText: 'Building Repairs',
      date: `2024-${String(4 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      amountPence: 50_000 + ((i * 7919) % 5_000_000),
      local: i % 5 < 2,
      sme: i % 10 < 3,
      vcse: false,
      criteria: false,
      supplierName: `Café Supplies ${i % 13} Ltd`,
      transactionId: `${46_000_000 + Math.floor(i / 2)} - ${(i % 2) + 1}`,
      row: i + 2,
    };
  }
}
