import { type EntryValues, restate, type ValueField, valuesOf } from '@compact-tracker/domain/restatement';
import { type FileLine, matchLines } from '@compact-tracker/domain/row-identity';
import type { Db } from '@compact-tracker/store/db';
import {
  applyImportBatch,
  type BatchOp,
  batchSize,
  type LedgerLine,
  linesOfIdentity,
} from '@compact-tracker/store/ledger-lines';

// Puts an import's rows into the ledger by identity: reads the lines that share each row's
// identity, matches the rows to them (other cells, then order), and writes new lines, restates
// lines whose read columns say otherwise, and counts the rest as duplicates. Its own earlier work
// (a retry, a redelivered event) is recognised by row and counted, never written twice.

/** A data row as the importer read it. */
export type ReadRow = EntryValues & {
  row: number;
  /** Identity hash, and the identity's parts. */
  identity: string;
  quarter: string;
  date: string;
  amountPence: number;
  transactionId: string;
  /** Hashes of the other cells and of all cells. */
  otherCells: string;
  allCells: string;
};

export type WriterCounters = {
  rowsImported: number;
  rowsDuplicate: number;
  rowsRestated: number;
  totalsByQuarter: Record<string, number>;
  /** Rows repeating another cell for cell without a transaction number: counted, listed. */
  possibleDuplicates: { row: number; of: number }[];
};

/** Rows planned together: their groups are read at once, their operations written in transactions. */
const ROWS_PER_BATCH = 40;
const MAX_LISTED = 1000;
const MAX_ROUNDS = 10;

export class LedgerWriter {
  readonly counters: WriterCounters = {
    rowsImported: 0,
    rowsDuplicate: 0,
    rowsRestated: 0,
    totalsByQuarter: {},
    possibleDuplicates: [],
  };
  private batch: ReadRow[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private readonly db: Db;
  private readonly organisationId: string;
  private readonly importId: string;
  private readonly fields: ReadonlySet<ValueField>;
  private readonly identityColumns: string;
  private readonly hasTransactionNumber: boolean;
  private readonly concurrency: number;

  constructor(options: {
    db: Db;
    organisationId: string;
    importId: string;
    /** The value columns the mapping reads: a restatement changes these only. */
    fields: ReadonlySet<ValueField>;
    identityColumns: string;
    hasTransactionNumber: boolean;
    concurrency: number;
  }) {
    this.db = options.db;
    this.organisationId = options.organisationId;
    this.importId = options.importId;
    this.fields = options.fields;
    this.identityColumns = options.identityColumns;
    this.hasTransactionNumber = options.hasTransactionNumber;
    this.concurrency = options.concurrency;
  }

  /** Rows counted so far (imported, duplicate or restated). */
  get rowsCounted() {
    return this.counters.rowsImported + this.counters.rowsDuplicate + this.counters.rowsRestated;
  }

  async add(row: ReadRow): Promise<void> {
    this.batch.push(row);
    if (this.batch.length >= ROWS_PER_BATCH) await this.launch();
  }

  /** Writes what is left and waits for every batch; throws the first failure of any. */
  async finish(): Promise<void> {
    if (this.batch.length > 0) await this.launch();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async launch() {
    const rows = this.batch;
    this.batch = [];
    const task = this.write(rows)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    if (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async write(rows: ReadRow[]) {
    let pending = rows;
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS)
        throw new Error('the ledger kept changing under the import; it will be retried');
      const ops = await this.plan(pending);
      const stale = new Set<number>();
      for (const part of transactions(ops.map((o) => o.op))) {
        const outcome = await applyImportBatch(this.db, this.organisationId, this.importId, part);
        for (const op of outcome.done) this.count(op);
        for (const op of outcome.stale) stale.add(op.kind === 'new' ? op.line.row : op.row);
      }
      pending = pending.filter((row) => stale.has(row.row));
    }
  }

  private count(op: BatchOp) {
    const c = this.counters;
    if (op.kind === 'new') {
      c.rowsImported += 1;
      c.totalsByQuarter[op.line.quarter] = (c.totalsByQuarter[op.line.quarter] ?? 0) + op.line.amountPence;
    } else c.rowsRestated += 1;
  }

  /** Matches rows to the lines of their identities; counts what needs no write, returns the rest. */
  private async plan(rows: ReadRow[]): Promise<{ op: BatchOp }[]> {
    const groups = new Map<string, ReadRow[]>();
    for (const row of rows) {
      const id = `${row.quarter}#${row.identity}`;
      groups.set(id, [...(groups.get(id) ?? []), row]);
    }
    const planned = await Promise.all(
      [...groups.values()].map(async (group) => {
        const first = group[0] as ReadRow;
        const lines = await linesOfIdentity(this.db, this.organisationId, first.quarter, first.identity);
        return this.planGroup(group, lines);
      }),
    );
    return planned.flat();
  }

  private planGroup(rows: ReadRow[], lines: LedgerLine[]): { op: BatchOp }[] {
    const me = this.importId;
    const rowNumbers = new Set(rows.map((r) => r.row));
    const ops: { op: BatchOp }[] = [];
    // Lines this import wrote or restated already: a row's own is done; another row's is taken.
    const mine = new Map<number, LedgerLine>();
    const pool: LedgerLine[] = [];
    for (const line of lines) {
      const ownRow =
        line.importId === me && line.restatedBy === undefined
          ? line.row
          : line.restatedBy?.at(-1) === me
            ? line.restatedRow
            : undefined;
      if (ownRow !== undefined) mine.set(ownRow, line);
      else pool.push(line);
    }
    const open: ReadRow[] = [];
    for (const row of rows) {
      const own = mine.get(row.row);
      if (own) {
        if (own.importId === me && own.restatedBy === undefined) this.count({ kind: 'new', line: own });
        else this.counters.rowsRestated += 1;
        continue;
      }
      // A repeat of a row this import already put in the ledger in an earlier batch.
      const earlier = [...mine.entries()].find(([r, l]) => !rowNumbers.has(r) && l.allCells === row.allCells);
      if (earlier && this.hasTransactionNumber) {
        this.counters.rowsDuplicate += 1;
        continue;
      }
      if (earlier) this.listPossibleDuplicate(row.row, earlier[0]);
      open.push(row);
    }
    if (open.length === 0) return ops;
    const fileLines: FileLine[] = open.map((r) => ({
      row: r.row,
      otherCells: r.otherCells,
      allCells: r.allCells,
    }));
    const firstFree = Math.max(0, ...lines.map((l) => l.ordinal)) + 1;
    const byRow = new Map(open.map((r) => [r.row, r]));
    for (const match of matchLines(fileLines, pool, this.hasTransactionNumber, firstFree)) {
      if (match.kind === 'repeat') {
        this.counters.rowsDuplicate += 1;
        continue;
      }
      const row = byRow.get(match.row) as ReadRow;
      if (match.possibleDuplicateOf !== undefined)
        this.listPossibleDuplicate(row.row, match.possibleDuplicateOf);
      const before = match.existing ? pool.find((l) => l.ordinal === match.ordinal) : undefined;
      if (!before) {
        ops.push({ op: { kind: 'new', line: this.newLine(row, match.ordinal) } });
        continue;
      }
      const after = restate(valuesOf(before), valuesOf(row), this.fields);
      if (after) ops.push({ op: { kind: 'restate', before, after, row: row.row } });
      else this.counters.rowsDuplicate += 1;
    }
    return ops;
  }

  private listPossibleDuplicate(row: number, of: number) {
    const list = this.counters.possibleDuplicates;
    if (list.length < MAX_LISTED && !list.some((p) => p.row === row)) list.push({ row, of });
  }

  private newLine(row: ReadRow, ordinal: number): LedgerLine {
    return {
      ...valuesOf(row),
      identity: row.identity,
      ordinal,
      quarter: row.quarter,
      date: row.date,
      amountPence: row.amountPence,
      transactionId: row.transactionId,
      otherCells: row.otherCells,
      allCells: row.allCells,
      identityColumns: this.identityColumns,
      row: row.row,
      importId: this.importId,
      rev: 1,
    };
  }
}

/** Operations in transactions of at most 100 items. */
function transactions(ops: BatchOp[]): BatchOp[][] {
  const parts: BatchOp[][] = [];
  let part: BatchOp[] = [];
  for (const op of ops) {
    if (part.length > 0 && batchSize([...part, op]) > 100) {
      parts.push(part);
      part = [];
    }
    part.push(op);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
