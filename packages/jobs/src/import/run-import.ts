import type { Readable } from 'node:stream';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { fieldsRead } from '@compact-tracker/domain/restatement';
import { isCsvError, SpendFileError } from '@compact-tracker/spend-files/csv';
import { readSpendFile, surveySpendFile } from '@compact-tracker/spend-files/read';
import type { Db } from '@compact-tracker/store/db';
import { heldIdentities } from '@compact-tracker/store/ledger-lines';
import {
  clearRejections,
  getSpendImport,
  importsOfFile,
  initialCounters,
  putRejections,
  type Rejection,
  type SpendImportCounters,
  updateSpendImport,
} from '@compact-tracker/store/spend-imports';
import { LedgerWriter } from './ledger-writer.ts';
import { otherReadingReason, reviewSpendFile } from './review-pass.ts';
import { toEntry } from './row.ts';

// Streams a spend CSV into the ledger (or, for an import marked reverting, reverts it: store/import-revert-run.ts): read it (@compact-tracker/spend-files: encoding, header
// row, columns, in a survey pass), review it (every row mapped, nothing written: more than 5% of
// rows rejected stops it in needs-review unless confirmed), then map each row and put it into the
// ledger by identity (LedgerWriter: new lines, restatements and their totals in transactions, a
// few in flight). Memory stays flat: rows are never all held, only the batches in flight. Run
// again after an interruption, it writes only what is missing.

/**
 * Where the uploaded file is: opened to survey it (encoding, header, rows), to review it (every row
 * mapped, nothing written; its SHA-256) and to import it.
 */
export type ImportSource = { open: () => Promise<Readable> };

export type ImportOptions = {
  now?: () => Date;
  /** Progress is written to the import item every this many rows. */
  progressEvery?: number;
  /** Transactions in flight at once (DynamoDB Local on two cores does best at about 4). */
  concurrency?: number;
  /** Rows planned and written together (default 3,000: `LedgerWriter`). */
  rowsPerBatch?: number;
  /**
   * False: rows go into the ledger without resolving suppliers or adding to spend by supplier. Only
   * the import benchmark sets it, to measure what resolution costs beside the same import without.
   */
  suppliers?: boolean;
};

/** Rejected rows are written 25 at a time (BatchWriteItem's limit). */
const REJECTIONS_BATCH = 25;

export async function runSpendImport(
  db: Db,
  organisationId: string,
  importId: string,
  source: ImportSource,
  options: ImportOptions = {},
) {
  const now = options.now ?? (() => new Date());
  const progressEvery = options.progressEvery ?? 2000;
  const concurrency = options.concurrency ?? 4;
  const record = await getSpendImport(db, organisationId, importId);
  if (!record) throw new Error(`import ${importId} of organisation ${organisationId} does not exist`);
  // Marked reverting by the API: the run reverts it (the file is not read). The revert's code loads
  // with the first revert, not at every cold start of the import function.
  if (record.status === 'reverting') {
    const { runImportRevert } = await import('@compact-tracker/store/import-revert-run');
    return runImportRevert(db, record);
  }
  // The upload event delivered twice, or an import that is done with: nothing to run.
  if (record.status === 'completed' || record.status === 'needs-review' || record.status === 'reverted')
    return record;

  const counters: SpendImportCounters = initialCounters();
  let started: LedgerWriter | undefined;
  // A run delivered again after a failure starts clean: the last run's error is no longer true.
  await updateSpendImport(
    db,
    organisationId,
    importId,
    { status: 'running', startedAt: now().toISOString(), ...counters },
    ['error', 'finishedAt', 'reviewReasons'],
  );
  // Rows rejected by an earlier run (one stopped for review, or with another reading before a
  // retry) may read well now: this run lists its own.
  await clearRejections(db, importId);

  try {
    const layout = await surveySpendFile(await source.open(), record.mapping);
    counters.rowsTotal = layout.rows;
    await updateSpendImport(db, organisationId, importId, { rowsTotal: counters.rowsTotal });

    const today = now().toISOString().slice(0, 10);
    // Read and check the whole file before writing anything.
    const review = await reviewSpendFile(await source.open(), layout, record, today);
    const sameFileAs = await importsOfFile(db, organisationId, review.fileSha256, importId);
    await updateSpendImport(db, organisationId, importId, { fileSha256: review.fileSha256, sameFileAs });
    const identityColumns = [record.mapping.transactionId ?? '', record.mapping.amount]
      .map((header) =>
        header
          .replace(/[\s_-]+/g, ' ')
          .trim()
          .toLowerCase(),
      )
      .join('|');
    const otherReading = record.confirmed
      ? null
      : await otherReadingReason(db, organisationId, identityColumns, review.rowKeys);
    if (!record.confirmed && (review.tally.tooManyRejected() || otherReading)) {
      await putRejections(db, importId, review.rejections);
      const stopped = {
        ...counters,
        rowsProcessed: review.tally.rows,
        rowsRejected: review.rowsRejected,
        status: 'needs-review' as const,
        reviewReasons: [...(otherReading ? [otherReading] : []), ...review.tally.reasons()],
        finishedAt: now().toISOString(),
        encoding: layout.encoding ?? 'ascii',
      };
      await updateSpendImport(db, organisationId, importId, stopped);
      return { ...record, ...stopped, fileSha256: review.fileSha256, sameFileAs };
    }

    // The identities the file's quarters hold (with their highest ordinals), read once: new rows
    // then need no read each, and held ones are read by key. The review's row keys are done with.
    const held = new Map<string, Map<string, number>>();
    for (const quarter of review.rowKeys.keys()) {
      held.set(quarter, await heldIdentities(db, organisationId, quarter));
    }
    review.rowKeys.clear();
    const writer = new LedgerWriter({
      db,
      organisationId,
      importId,
      fields: fieldsRead(record.mapping),
      identityColumns,
      hasTransactionNumber: record.mapping.transactionId !== undefined,
      concurrency,
      ...(options.rowsPerBatch ? { rowsPerBatch: options.rowsPerBatch } : {}),
      resolveSuppliers: options.suppliers !== false,
      now,
      held,
    });
    started = writer;
    let rejections: Rejection[] = [];
    let lastProgress = 0;
    const progress = () => ({ ...counters, ...writer.counters });

    for await (const row of readSpendFile(await source.open(), layout)) {
      counters.rowsProcessed += 1;
      const entry = toEntry(row, layout.columns, record.mapping, record.dateFormat, today);
      if (entry.ok) {
        await writer.add({ ...entry.value, row: row.line });
      } else {
        counters.rowsRejected += 1;
        rejections.push({ row: row.line, reason: entry.reason });
        if (rejections.length === REJECTIONS_BATCH) {
          await putRejections(db, importId, rejections);
          rejections = [];
        }
      }
      if (counters.rowsProcessed - lastProgress >= progressEvery) {
        lastProgress = counters.rowsProcessed;
        await updateSpendImport(db, organisationId, importId, progress());
      }
    }
    await writer.finish();
    Object.assign(counters, writer.counters, await writer.supplierSummary());
    if (writer.rowsCounted + counters.rowsRejected !== counters.rowsProcessed) {
      throw new Error('import counters do not add up: a batch was lost; the import will be retried');
    }
    await putRejections(db, importId, rejections);
    counters.rowsTotal = counters.rowsProcessed;
    await updateSpendImport(db, organisationId, importId, {
      ...counters,
      status: 'completed',
      finishedAt: now().toISOString(),
      encoding: layout.encoding ?? 'ascii',
    });
    return { ...record, ...counters, status: 'completed' as const };
  } catch (error) {
    // Batches still in flight finish (or fail) before the run is marked failed.
    await started?.settle();
    const fileProblem =
      error instanceof SpendFileError ? error.message : isCsvError(error) ? csvReadProblem(error) : null;
    await updateSpendImport(db, organisationId, importId, {
      ...counters,
      status: 'failed',
      finishedAt: now().toISOString(),
      error: fileProblem ?? 'the import stopped on an internal error; it will be retried',
    });
    if (fileProblem !== null)
      return { ...record, ...counters, status: 'failed' as const, error: fileProblem };
    throw error;
  }
}
