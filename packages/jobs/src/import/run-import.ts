import type { Readable } from 'node:stream';
import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { isCsvError, SpendFileError } from '@compact-tracker/spend-files/csv';
import { readSpendFile, surveySpendFile } from '@compact-tracker/spend-files/read';
import type { Db } from '@compact-tracker/store/db';
import {
  getSpendImport,
  type ImportEntry,
  initialCounters,
  MAX_TRANSACT_ITEMS,
  putRejections,
  type Rejection,
  type SpendImportCounters,
  updateSpendImport,
  writeImportEntries,
} from '@compact-tracker/store/spend-imports';
import { toEntry } from './row.ts';

// Streams a spend CSV into the ledger: read it (@compact-tracker/spend-files: encoding, header
// row, columns, in a survey pass then a reading pass), map each row, and write entries with their
// totals in transactions filled to DynamoDB's 100 items, a few in flight. Memory stays flat: rows
// are never all held, only the batches in flight and one small hash per distinct row (to tell
// identical rows of a file apart). Run again after an interruption, it writes only what is missing.

/** Where the uploaded file is: opened once to survey it (encoding, header, rows) and once to import it. */
export type ImportSource = { open: () => Promise<Readable> };

export type ImportOptions = {
  now?: () => Date;
  /** Progress is written to the import item every this many rows. */
  progressEvery?: number;
  /** Transactions in flight at once (DynamoDB Local on two cores does best at about 4). */
  concurrency?: number;
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
  if (record.status === 'completed') return record; // the upload event delivered twice

  const counters: SpendImportCounters = initialCounters();
  // A run delivered again after a failure starts clean: the last run's error is no longer true.
  await updateSpendImport(
    db,
    organisationId,
    importId,
    { status: 'running', startedAt: now().toISOString(), ...counters },
    ['error', 'finishedAt'],
  );

  try {
    const layout = await surveySpendFile(await source.open(), record.mapping);
    counters.rowsTotal = layout.rows;
    await updateSpendImport(db, organisationId, importId, { rowsTotal: counters.rowsTotal });

    const occurrences = new Map<string, number>();
    const occurrence = (identity: string) => {
      const short = identity.length > 24 ? hashKey(identity) : identity;
      const n = (occurrences.get(short) ?? 0) + 1;
      occurrences.set(short, n);
      return n;
    };
    const today = now().toISOString().slice(0, 10);
    let batch: ImportEntry[] = [];
    const batchTotals = new Set<string>();
    let rejections: Rejection[] = [];
    const inFlight = new Set<Promise<void>>();
    let lastProgress = 0;

    const flush = async (entries: ImportEntry[]) => {
      const outcome = await writeImportEntries(db, organisationId, importId, entries);
      const mine = [
        ...outcome.written,
        ...outcome.existing.filter((e) => e.importId === importId).map((e) => e.entry),
      ];
      counters.rowsImported += mine.length;
      counters.rowsDuplicate += entries.length - mine.length;
      for (const entry of mine) {
        counters.totalsByQuarter[entry.quarter] =
          (counters.totalsByQuarter[entry.quarter] ?? 0) + entry.amountPence;
      }
    };
    // The first failure of any batch is kept here as it happens (a rejection noticed by nobody would
    // otherwise vanish) and ends the run before it can be marked completed.
    let failure: unknown;
    const launch = async (entries: ImportEntry[]) => {
      const task = flush(entries)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) throw failure;
    };

    for await (const row of readSpendFile(await source.open(), layout)) {
      counters.rowsProcessed += 1;
      const entry = toEntry(row.fields, record.mapping, record.dateFormat, occurrence, today);
      if (entry.ok) {
        // Fill each transaction to DynamoDB's 100 items: an entry, plus its total if new to the batch.
        const totalKey = `${entry.value.quarter}#${entry.value.category}`;
        if (batch.length + batchTotals.size + 1 + (batchTotals.has(totalKey) ? 0 : 1) > MAX_TRANSACT_ITEMS) {
          await launch(batch);
          batch = [];
          batchTotals.clear();
        }
        batch.push({ ...entry.value, row: row.line });
        batchTotals.add(totalKey);
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
        await updateSpendImport(db, organisationId, importId, { ...counters });
      }
    }
    if (batch.length > 0) await launch(batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
    if (counters.rowsImported + counters.rowsDuplicate + counters.rowsRejected !== counters.rowsProcessed) {
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

function hashKey(identity: string): string {
  // FNV-1a, 2 x 32 bits: collisions only merge occurrence counters, which then start higher.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < identity.length; i++) {
    const c = identity.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x811c9dc5);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}
