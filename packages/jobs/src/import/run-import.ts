import { pipeline, type Readable, type Transform } from 'node:stream';
import { fieldsRead } from '@compact-tracker/domain/restatement';
import type { Db } from '@compact-tracker/store/db';
import {
  getSpendImport,
  initialCounters,
  putRejections,
  type Rejection,
  type SpendImportCounters,
  updateSpendImport,
} from '@compact-tracker/store/spend-imports';
import { CsvError, parse } from 'csv-parse';
import { decodeCsvText } from './decode.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { type ResolvedMapping, resolveMapping, toEntry } from './row.ts';

// Streams a spend CSV into the ledger: decode, parse, map each row, and put the rows into the
// ledger by identity (LedgerWriter: new lines, restatements and their totals in transactions, a
// few in flight). Memory stays flat: rows are never all held, only the batches in flight. Run
// again after an interruption, it writes only what is missing.

/** Where the uploaded file is: opened once to count rows and once to import them. */
export type ImportSource = { open: () => Promise<Readable> };

export type ImportOptions = {
  now?: () => Date;
  /** Progress is written to the import item every this many rows. */
  progressEvery?: number;
  /** Transactions in flight at once (DynamoDB Local on two cores does best at about 4). */
  concurrency?: number;
};

/** A problem with the file itself: retrying will not help, so the import fails with the reason. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

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
    counters.rowsTotal = await countRows(await source.open());
    await updateSpendImport(db, organisationId, importId, { rowsTotal: counters.rowsTotal });

    const decoder = decodeCsvText();
    let columns: ResolvedMapping | undefined;
    const parser = piped(
      await source.open(),
      decoder,
      parse({
        bom: true,
        columns: (headers: string[]) => {
          const resolved = resolveMapping(record.mapping, headers);
          if (!resolved.ok) throw new ImportFileError(resolved.reason);
          columns = resolved.value;
          return headers.map((h) => h.trim());
        },
        ...csvOptions,
      }),
    );

    const today = now().toISOString().slice(0, 10);
    const writer = new LedgerWriter({
      db,
      organisationId,
      importId,
      fields: fieldsRead(record.mapping),
      identityColumns: [record.mapping.transactionId ?? '', record.mapping.amount]
        .map((header) => header.trim().replace(/\s+/g, ' ').toLowerCase())
        .join('|'),
      hasTransactionNumber: record.mapping.transactionId !== undefined,
      concurrency,
    });
    let rejections: Rejection[] = [];
    let lastProgress = 0;
    const progress = () => ({ ...counters, ...writer.counters });

    for await (const { record: row, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      counters.rowsProcessed += 1;
      const entry = toEntry(row, columns as ResolvedMapping, record.mapping, record.dateFormat, today);
      if (entry.ok) {
        await writer.add({ ...entry.value, row: info.lines });
      } else {
        counters.rowsRejected += 1;
        rejections.push({ row: info.lines, reason: entry.reason });
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
    Object.assign(counters, writer.counters);
    if (writer.rowsCounted + counters.rowsRejected !== counters.rowsProcessed) {
      throw new Error('import counters do not add up: a batch was lost; the import will be retried');
    }
    await putRejections(db, importId, rejections);
    counters.rowsTotal = counters.rowsProcessed;
    await updateSpendImport(db, organisationId, importId, {
      ...counters,
      status: 'completed',
      finishedAt: now().toISOString(),
      encoding: decoder.encoding() ?? 'ascii',
    });
    return { ...record, ...counters, status: 'completed' as const };
  } catch (error) {
    const fileProblem = error instanceof ImportFileError || isCsvError(error);
    await updateSpendImport(db, organisationId, importId, {
      ...counters,
      status: 'failed',
      finishedAt: now().toISOString(),
      error: fileProblem
        ? (error as Error).message
        : 'the import stopped on an internal error; it will be retried',
    });
    if (fileProblem)
      return { ...record, ...counters, status: 'failed' as const, error: (error as Error).message };
    throw error;
  }
}

const csvOptions = {
  info: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  relax_column_count: true,
  // Column count or quoting gone wrong in one place should not read the whole rest of the file
  // as one field: csv-parse fails instead, and the import says where.
  max_record_size: 64 * 1024,
} as const;

async function countRows(stream: Readable): Promise<number> {
  let rows = 0;
  // The header is counted and taken off, not skipped with from_line: csv-parse checks no size on a
  // skipped line, and a header of a million columns would take minutes to skip.
  const parser = piped(stream, decodeCsvText(), parse({ ...csvOptions, bom: true, info: false }));
  for await (const _ of parser) rows += 1;
  return Math.max(0, rows - 1);
}

/**
 * Chains the streams so that a failure anywhere (a dropped connection mid-file, say) ends the
 * parser with that error, which the reading loop then throws; `.pipe()` would leave it waiting.
 */
function piped(source: Readable, decoder: Transform, parser: Transform): Transform {
  return pipeline(source, decoder, parser, () => {
    // errors reach the reader through the destroyed parser
  });
}

/** csv-parse's own errors (unclosed quotes, a record too large): not every code starts CSV_. */
function isCsvError(error: unknown): boolean {
  if (error instanceof CsvError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}
