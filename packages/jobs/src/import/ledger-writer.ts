import { type EntryValues, restate, type ValueField, valuesOf } from '@compact-tracker/domain/restatement';
import { type FileLine, matchLines } from '@compact-tracker/domain/row-identity';
import { supplierNameKey } from '@compact-tracker/domain/supplier-names';
import type { Db } from '@compact-tracker/store/db';
import {
  applyImportBatch,
  BatchItems,
  type BatchOp,
  type LedgerLine,
  linesByOrdinals,
  linesOfIdentity,
  supplierDeltas,
} from '@compact-tracker/store/ledger-lines';
import { SupplierBook } from '@compact-tracker/store/supplier-book';
import type { SupplierRecord } from '@compact-tracker/store/suppliers';

// Puts an import's rows into the ledger by identity: reads the lines that share each row's
// identity (unless the ledger held none of it when the run started; by key, a hundred at a time,
// when it held some), matches the rows to them (other cells, then order), and writes new lines, restates
// lines whose read columns say otherwise, and counts the rest as duplicates. Its own earlier work
// (a retry, a redelivered event) is recognised by row and counted, never written twice. Each line
// written or restated carries its supplier (resolved by name: SupplierBook) and the pattern of its
// own flag columns, and moves spend by supplier in the same transaction. Rows are taken a window
// at a time and grouped by quarter and supplier name, so that a transaction's 100 items go to
// lines rather than to the spend-by-supplier items every supplier in it adds.

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
  /**
   * The row's own flags as its cells state them (`-` for a blank cell: not stated); without it, a
   * flag column read counts its value (blank as no).
   */
  flagPattern?: string;
};

export type WriterCounters = {
  rowsImported: number;
  rowsDuplicate: number;
  rowsRestated: number;
  totalsByQuarter: Record<string, number>;
  /** Rows repeating another cell for cell without a transaction number: counted, listed. */
  possibleDuplicates: { row: number; of: number }[];
};

/**
 * Rows planned together (a batch): grouped by quarter, supplier, category and flags, their lines
 * read at once, their operations written in transactions of up to 100 items, one after another.
 * Three thousand (a quarter of many councils' files, a month of large ones) rather than fewer, so
 * that a supplier's rows of a quarter fill transactions of their own: each supplier in a
 * transaction adds two items (its quarter and all-quarters spend) besides its lines.
 */
const ROWS_PER_BATCH = 3000;
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
  private window: ReadRow[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private readonly db: Db;
  private readonly organisationId: string;
  private readonly importId: string;
  private readonly fields: ReadonlySet<ValueField>;
  private readonly identityColumns: string;
  private readonly hasTransactionNumber: boolean;
  private readonly concurrency: number;
  private readonly rowsPerBatch: number;
  readonly suppliers: SupplierBook;
  private readonly resolveSuppliers: boolean;
  /** Pence of the lines this import wrote, by supplier. */
  private readonly supplierPence = new Map<string, number>();
  private readonly held: ReadonlyMap<string, ReadonlyMap<string, number>> | undefined;

  constructor(options: {
    db: Db;
    organisationId: string;
    importId: string;
    /** The value columns the mapping reads: a restatement changes these only. */
    fields: ReadonlySet<ValueField>;
    identityColumns: string;
    hasTransactionNumber: boolean;
    concurrency: number;
    /** Rows planned together (default `ROWS_PER_BATCH`). */
    rowsPerBatch?: number;
    /** New supplier records' ids (default: derived from the normalised name). */
    newId?: () => string;
    now?: () => Date;
    /** False: lines carry no supplier and spend by supplier is left alone (benchmark only). */
    resolveSuppliers?: boolean;
    /**
     * By quarter, the identities the ledger held lines of when this run started, with their highest
     * ordinal: a row whose identity is not among them is planned without reading its lines (none);
     * the lines of one among them are read by key. A line written since (by another import, or by
     * this one for an earlier row) makes the row's put fail, and the row is planned again on a
     * fresh read. Quarters left out are read identity by identity.
     */
    held?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  }) {
    this.db = options.db;
    this.organisationId = options.organisationId;
    this.importId = options.importId;
    this.fields = options.fields;
    this.identityColumns = options.identityColumns;
    this.hasTransactionNumber = options.hasTransactionNumber;
    this.concurrency = options.concurrency;
    this.rowsPerBatch = options.rowsPerBatch ?? ROWS_PER_BATCH;
    this.suppliers = new SupplierBook(options.db, options.organisationId, {
      resolves: true,
      createdFor: options.importId,
      ...(options.newId ? { newId: options.newId } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.resolveSuppliers = options.resolveSuppliers !== false;
    this.held = options.held;
  }

  /** Suppliers this import's rows named first, and the pence of its lines whose supplier is unclassified. */
  async supplierSummary(): Promise<{ newSuppliers: number; unclassifiedPence: number }> {
    const records = await this.suppliers.read(this.supplierPence.keys());
    let unclassifiedPence = 0;
    for (const [id, pence] of this.supplierPence) {
      if (records.get(id)?.undisclosedOf === undefined && this.suppliers.unclassified(id))
        unclassifiedPence += pence;
    }
    const newSuppliers = [...records.values()].filter((r) => r.createdFor === this.importId).length;
    return { newSuppliers, unclassifiedPence };
  }

  /** Rows counted so far (imported, duplicate or restated). */
  get rowsCounted() {
    return this.counters.rowsImported + this.counters.rowsDuplicate + this.counters.rowsRestated;
  }

  async add(row: ReadRow): Promise<void> {
    this.window.push(row);
    if (this.window.length >= this.rowsPerBatch) await this.flush();
  }

  /** Writes what is left and waits for every batch; throws the first failure of any. */
  async finish(): Promise<void> {
    await this.flush();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    await this.suppliers.settle();
    await this.suppliers.followPointings();
  }

  /** Waits for the batches in flight, failed or not: nothing is left writing once the run ends. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  /**
   * The rows taken in, as one batch: rows of one identity together, grouped by quarter, supplier,
   * category and flags, so that each transaction adds to few totals and spend-by-supplier items.
   */
  private async flush() {
    const rows = this.window;
    this.window = [];
    if (rows.length === 0) return;
    const byIdentity = new Map<string, ReadRow[]>();
    for (const row of rows) {
      const id = `${row.quarter}#${row.identity}`;
      const group = byIdentity.get(id);
      if (group) group.push(row);
      else byIdentity.set(id, [row]);
    }
    const sortKey = (group: ReadRow[]) => {
      const { quarter, supplierName, category, local, sme, vcse } = group[0] as ReadRow;
      const supplier = supplierNameKey(supplierName);
      return `${quarter}\u0000${supplier}\u0000${category}\u0000${local}${sme}${vcse}`;
    };
    const groups = [...byIdentity.values()].map((group) => ({ key: sortKey(group), group }));
    groups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    await this.launch(groups.flatMap(({ group }) => group));
  }

  private async launch(rows: ReadRow[]) {
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
      const ops = await this.plan(pending, round === 1);
      const stale = new Set<number>();
      const planned = ops.map((o) => o.op);
      const records = await this.suppliers.read(supplierDeltas(planned).map((d) => d.supplierId));
      for (const part of transactions(planned, records, this.suppliers.paidKnown)) {
        const outcome = await applyImportBatch(
          this.db,
          this.organisationId,
          this.importId,
          part,
          this.suppliers,
        );
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
      const { supplierId } = op.line;
      if (supplierId)
        this.supplierPence.set(supplierId, (this.supplierPence.get(supplierId) ?? 0) + op.line.amountPence);
    } else c.rowsRestated += 1;
  }

  /** Matches rows to the lines of their identities; counts what needs no write, returns the rest. */
  private async plan(rows: ReadRow[], firstRound: boolean): Promise<{ op: BatchOp }[]> {
    const groups = new Map<string, ReadRow[]>();
    for (const row of rows) {
      const id = `${row.quarter}#${row.identity}`;
      const group = groups.get(id);
      if (group) group.push(row);
      else groups.set(id, [row]);
    }
    // On the first round, identities of quarters read at the start: none held (no read) or lines
    // read by key; the rest (later rounds, quarters not read) one query each.
    const byKey: { quarter: string; identity: string; ordinals: number }[] = [];
    const queried: string[] = [];
    for (const [id, group] of groups) {
      const { quarter, identity } = group[0] as ReadRow;
      const held = firstRound ? this.held?.get(quarter) : undefined;
      if (!held) queried.push(id);
      else if (held.has(identity)) byKey.push({ quarter, identity, ordinals: held.get(identity) as number });
    }
    const [read, each] = await Promise.all([
      linesByOrdinals(this.db, this.organisationId, byKey),
      Promise.all(
        queried.map(async (id) => {
          const { quarter, identity } = (groups.get(id) as ReadRow[])[0] as ReadRow;
          return [id, await linesOfIdentity(this.db, this.organisationId, quarter, identity)] as const;
        }),
      ),
    ]);
    const lines = new Map<string, LedgerLine[]>([...read, ...each]);
    const ops = [...groups].flatMap(([id, group]) => this.planGroup(group, lines.get(id) ?? []));
    if (this.resolveSuppliers) {
      await this.suppliers.resolveAll(
        ops.map(({ op }) => (op.kind === 'new' ? op.line : op.after).supplierName),
      );
      await Promise.all(ops.map(({ op }) => this.placeWithSupplier(op)));
    }
    return ops;
  }

  /**
   * Gives a new or restated line its supplier and own-flag pattern: a flag column read gives what
   * the row's cell states (a blank cell states nothing: `-`, the supplier's facts apply), a column
   * not read keeps the line's.
   */
  private async placeWithSupplier(op: BatchOp) {
    const values = op.kind === 'new' ? op.line : op.after;
    const before = op.kind === 'restate' ? (op.before.flagPattern ?? legacyPattern(op.before)) : '---';
    const stated = values.flagPattern;
    values.supplierId = await this.suppliers.resolve(values.supplierName);
    values.flagPattern = (['local', 'sme', 'vcse'] as const)
      .map((flag, i) =>
        this.fields.has(flag) ? (stated?.[i] ?? (values[flag] ? 'Y' : 'N')) : (before[i] ?? '-'),
      )
      .join('');
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
      const stated = row.flagPattern ? { flagPattern: row.flagPattern } : {};
      if (after) ops.push({ op: { kind: 'restate', before, after: { ...after, ...stated }, row: row.row } });
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
      ...(row.flagPattern ? { flagPattern: row.flagPattern } : {}),
    };
  }
}

/** Lines written before patterns were kept: a flag set was read; one not set may not have been. */
function legacyPattern(line: LedgerLine): string {
  return (['local', 'sme', 'vcse'] as const).map((flag) => (line[flag] ? 'Y' : '-')).join('');
}

/** Operations in transactions of at most 100 items, in their order. */
function transactions(
  ops: BatchOp[],
  suppliers: ReadonlyMap<string, SupplierRecord>,
  paidKnown: ReadonlySet<string>,
): BatchOp[][] {
  const parts: BatchOp[][] = [];
  let part: BatchOp[] = [];
  let items = new BatchItems(suppliers, paidKnown);
  for (const op of ops) {
    if (part.length > 0 && items.with(op) > 100) {
      parts.push(part);
      part = [];
      items = new BatchItems(suppliers, paidKnown);
    }
    part.push(op);
    items.add(op);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
