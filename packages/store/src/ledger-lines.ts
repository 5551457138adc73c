import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Category } from '@compact-tracker/domain/categories';
import { type EntryValues, entryAmounts, valuesOf } from '@compact-tracker/domain/restatement';
import { addAmounts, isZero, type SpendAmounts, zeroAmounts } from '@compact-tracker/domain/spend';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { getAll, queryAll } from './query.ts';
import { totalUpdate } from './spend-ledger.ts';
import type { SupplierBook } from './supplier-book.ts';
import { type SupplierDelta, supplierDeltaItems, supplierDeltaKeys } from './supplier-deltas.ts';
import type { SupplierRecord } from './suppliers.ts';

// The ledger's imported lines, keyed by row identity (transaction number, date, amount) and the
// line's ordinal among those sharing it. An import's batch writes new lines, restates existing
// ones (the columns its mapping reads) and moves the totals by the difference, all in one
// transaction; run again (a retry, a redelivered event) it recognises its own work and writes
// nothing twice.

export type LedgerLine = EntryValues & {
  /** Hash of the identity text (base64url, 22 characters). */
  identity: string;
  ordinal: number;
  quarter: string;
  date: string;
  amountPence: number;
  transactionId: string;
  /**
   * Hashes of the row's other cells (matching lines of one identity) and of all its cells
   * (repeats); absent on lines migrated from before identities, which match by order.
   */
  otherCells?: string;
  allCells?: string;
  /** Which columns gave the identity: "transaction number column|amount column", headers folded. */
  identityColumns: string;
  /** The file row that wrote the line, and the import. */
  row: number;
  importId: string;
  /** Imports that restated the line, oldest first; the last restated it for its row `restatedRow`. */
  restatedBy?: string[];
  restatedRow?: number;
  /** Goes up with each restatement: what a restatement is conditional on. */
  rev: number;
  /**
   * The supplier the line's spend is counted under in spend by supplier, and the pattern of its own
   * flag columns (`rowPattern`: `-` where its import read no such column). Absent on lines written
   * before suppliers were resolved: those are not in spend by supplier until restated.
   */
  supplierId?: string;
  flagPattern?: string;
};

/** Where a line's spend is counted in spend by supplier: its supplier and own-flag pattern. */
export type SupplierPlace = { supplierId?: string; flagPattern?: string };

/** A short, stable hash of a text for keys and comparisons (SHA-256, base64url, 22 characters). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The lines of one identity in a quarter, by ordinal (strongly consistent). */
export async function linesOfIdentity(
  db: Db,
  organisationId: string,
  quarter: string,
  identity: string,
): Promise<LedgerLine[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.ledgerLine(organisationId, quarter, identity, 0).PK,
        ':prefix': keys.ledgerLinePrefix(identity),
      },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => lineOf(item));
}

function lineOf(item: Record<string, unknown>): LedgerLine {
  const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
  return rest as LedgerLine;
}

export type BatchOp =
  | { kind: 'new'; line: LedgerLine }
  | { kind: 'restate'; before: LedgerLine; after: EntryValues & SupplierPlace; row: number };

export type BatchOutcome = {
  /** Applied by this call or, found so, by an earlier run of the same import. */
  done: BatchOp[];
  /** Lines changed meanwhile by another import: plan these rows again on fresh reads. */
  stale: BatchOp[];
};

/** The restatement of a line kept under the import: the row, the line, before and after. */
export type RestatedRecord = {
  row: number;
  quarter: string;
  identity: string;
  ordinal: number;
  amountPence: number;
  date: string;
  transactionId: string;
  before: EntryValues & SupplierPlace & { restatedBy?: string[]; restatedRow?: number };
  after: EntryValues & SupplierPlace;
  /** The line's rev once restated. */
  rev: number;
};

const RETRYABLE = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
const MAX_ATTEMPTS = 8;

/**
 * Transaction items a batch of these operations takes (DynamoDB allows 100); exact given the
 * records of its suppliers, else an upper bound.
 */
export function batchSize(
  ops: BatchOp[],
  suppliers?: ReadonlyMap<string, SupplierRecord>,
  paidKnown?: ReadonlySet<string>,
): number {
  const items = new BatchItems(suppliers, paidKnown);
  for (const op of ops) items.add(op);
  return items.count;
}

/**
 * The items of a batch counted as operations join it, so that a writer can fill transactions up
 * to DynamoDB's 100 items without counting each candidate batch again: `with(op)` is the count
 * were `op` added.
 */
export class BatchItems {
  private lines = 0;
  private hasNew = false;
  private readonly keys = new Set<string>();
  private readonly suppliers = new Set<string>();
  private readonly records: ReadonlyMap<string, SupplierRecord> | undefined;
  private readonly paidKnown: ReadonlySet<string>;

  /**
   * `paidKnown`: suppliers whose paying-organisation item the writer has written already (it only
   * grows, so a count made with it stays an upper bound when the transaction is sent).
   */
  constructor(records?: ReadonlyMap<string, SupplierRecord>, paidKnown: ReadonlySet<string> = new Set()) {
    this.records = records;
    this.paidKnown = paidKnown;
  }

  get count(): number {
    return this.lines + this.keys.size + (this.hasNew ? 1 : 0) + this.supplierItems(this.suppliers);
  }

  /** Two items a supplier (its spend, the organisation among those paying it), one once that is written. */
  private supplierItems(suppliers: Iterable<string>): number {
    let count = 0;
    for (const s of suppliers) count += this.paidKnown.has(s) ? 1 : 2;
    return count;
  }

  with(op: BatchOp): number {
    const { lines, keys, suppliers } = this.parts(op);
    const newKeys = new Set(keys.filter((k) => !this.keys.has(k))).size;
    const newSuppliers = new Set(suppliers.filter((s) => !this.suppliers.has(s)));
    return (
      this.lines +
      lines +
      this.keys.size +
      newKeys +
      (this.hasNew || op.kind === 'new' ? 1 : 0) +
      this.supplierItems(this.suppliers) +
      this.supplierItems(newSuppliers)
    );
  }

  add(op: BatchOp) {
    const { lines, keys, suppliers } = this.parts(op);
    this.lines += lines;
    this.hasNew ||= op.kind === 'new';
    for (const k of keys) this.keys.add(k);
    for (const s of suppliers) this.suppliers.add(s);
  }

  /**
   * An operation's line items, the shared items it adds to (totals, supplier quarters, buckets:
   * one item each) and its suppliers (two items each: spend and paying organisation).
   */
  private parts(op: BatchOp): { lines: number; keys: string[]; suppliers: string[] } {
    const keys =
      op.kind === 'new'
        ? [`T#${op.line.quarter}#${op.line.category}`]
        : [`T#${op.before.quarter}#${op.before.category}`, `T#${op.before.quarter}#${op.after.category}`];
    const suppliers: string[] = [];
    for (const delta of supplierDeltas([op])) {
      const k = supplierDeltaKeys(delta, this.records);
      suppliers.push(k.supplier);
      keys.push(`Q#${k.quarter}`, `B#${k.bucket}`);
    }
    return { lines: op.kind === 'new' ? 1 : 2, keys, suppliers };
  }
}

/** How a batch moves spend by supplier: new lines add, restatements move from before to after. */
export function supplierDeltas(ops: readonly BatchOp[]): SupplierDelta[] {
  const deltas: SupplierDelta[] = [];
  const add = (quarter: string, place: SupplierPlace, pence: number, sign: 1 | -1) => {
    if (!place.supplierId) return;
    deltas.push({
      quarter,
      supplierId: place.supplierId,
      pattern: place.flagPattern ?? '---',
      pence: sign * pence,
      rows: sign,
    });
  };
  for (const op of ops) {
    if (op.kind === 'new') add(op.line.quarter, op.line, op.line.amountPence, 1);
    else {
      add(op.before.quarter, op.before, op.before.amountPence, -1);
      add(op.before.quarter, op.after, op.before.amountPence, 1);
    }
  }
  return deltas;
}

/**
 * Applies a batch of one import atomically: new lines (each only if its key is free), restated
 * lines (each only if unchanged since read), the restatement records, a log of the new lines'
 * keys, and the totals moved by the difference. Operations found done by this import before are
 * dropped as done; operations whose line changed meanwhile are returned as stale; the rest are
 * retried. Conflicts and throttling are retried with backoff.
 */
export async function applyImportBatch(
  db: Db,
  organisationId: string,
  importId: string,
  ops: BatchOp[],
  suppliers: SupplierBook,
): Promise<BatchOutcome> {
  let pending = ops;
  const done: BatchOp[] = [];
  const stale: BatchOp[] = [];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const deltas = supplierDeltas(pending);
    const records = await suppliers.read(deltas.map((d) => d.supplierId));
    if (batchSize(pending, records, suppliers.paidKnown) > 100)
      throw new RangeError('too many operations for one transaction');
    const { items, firstItemOf } = transactItems(db, organisationId, importId, pending);
    const supplierStart = items.length;
    const bySupplier = supplierDeltaItems(db, organisationId, deltas, records, suppliers.paidKnown);
    items.push(...bySupplier.items);
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      suppliers.wrote(records.keys());
      done.push(...pending);
      return { done, stale };
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] })
        .CancellationReasons;
      if (!(error instanceof Error) || !reasons) {
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      const settled = new Set<BatchOp>();
      pending.forEach((op, index) => {
        const reason = reasons[firstItemOf[index] as number];
        if (reason?.Code !== 'ConditionalCheckFailed') return;
        const old = reason.Item ? plain(reason.Item) : undefined;
        settled.add(op);
        if (doneBefore(op, old, importId)) done.push(op);
        else stale.push(op);
      });
      if (settled.size > 0) {
        pending = pending.filter((op) => !settled.has(op));
        continue;
      }
      // A supplier's facts changed since it was read: its items move to them, then try again.
      const moved = new Set<string>();
      reasons.forEach((reason, index) => {
        const supplierId = bySupplier.supplierOf[index - supplierStart];
        if (index >= supplierStart && supplierId && reason?.Code === 'ConditionalCheckFailed')
          moved.add(supplierId);
      });
      if (moved.size > 0 && attempt < MAX_ATTEMPTS) {
        await suppliers.refresh(moved);
        continue;
      }
      if (attempt < MAX_ATTEMPTS && reasons.some((r) => RETRYABLE.has(r.Code ?? ''))) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
  return { done, stale };
}

/** Whether the line found in the way of `op` is `op` already applied by this import. */
function doneBefore(op: BatchOp, old: Record<string, unknown> | undefined, importId: string): boolean {
  if (!old) return false;
  if (op.kind === 'new') return old.importId === importId && old.row === op.line.row;
  const by = old.restatedBy as string[] | undefined;
  return by?.at(-1) === importId && old.restatedRow === op.row;
}

/** Cancellation reasons carry the old item in DynamoDB's attribute format. */
function plain(item: Record<string, unknown>): Record<string, unknown> {
  const values = Object.values(item);
  const marshalled =
    values.length > 0 && values.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
  return marshalled ? unmarshall(item as Parameters<typeof unmarshall>[0]) : item;
}

function transactItems(db: Db, organisationId: string, importId: string, ops: BatchOp[]) {
  const items: Record<string, unknown>[] = [];
  const firstItemOf: number[] = [];
  const totals = new Map<string, { quarter: string; category: Category; amounts: SpendAmounts }>();
  const move = (quarter: string, category: Category, amounts: SpendAmounts, sign: 1 | -1) => {
    const id = `${quarter}#${category}`;
    const current = totals.get(id) ?? { quarter, category, amounts: zeroAmounts() };
    current.amounts = addAmounts(current.amounts, amounts, sign);
    totals.set(id, current);
  };
  const written: string[] = [];
  for (const op of ops) {
    firstItemOf.push(items.length);
    if (op.kind === 'new') {
      const { line } = op;
      const key = keys.ledgerLine(organisationId, line.quarter, line.identity, line.ordinal);
      items.push({
        Put: {
          TableName: db.table,
          Item: { ...key, type: 'spend-transaction', organisationId, ...line },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
      written.push(`${line.quarter}#${line.identity}#${line.ordinal}`);
      move(line.quarter, line.category, entryAmounts(line, line.amountPence), 1);
    } else {
      const { before, after, row } = op;
      const key = keys.ledgerLine(organisationId, before.quarter, before.identity, before.ordinal);
      items.push({
        Update: {
          TableName: db.table,
          Key: key,
          UpdateExpression:
            'SET category = :category, categoryText = :categoryText, supplierName = :supplier, ' +
            '#local = :local, sme = :sme, vcse = :vcse, criteria = :criteria, #rev = :next, ' +
            'supplierId = :sid, flagPattern = :pattern, ' +
            'restatedRow = :row, restatedBy = list_append(if_not_exists(restatedBy, :none), :me)',
          ConditionExpression: '#rev = :rev',
          ExpressionAttributeNames: { '#local': 'local', '#rev': 'rev' },
          ExpressionAttributeValues: {
            ':category': after.category,
            ':categoryText': after.categoryText,
            ':supplier': after.supplierName,
            ':local': after.local,
            ':sme': after.sme,
            ':vcse': after.vcse,
            ':criteria': after.criteria,
            ':sid': after.supplierId ?? null,
            ':pattern': after.flagPattern ?? null,
            ':rev': before.rev,
            ':next': before.rev + 1,
            ':row': row,
            ':none': [],
            ':me': [importId],
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
      const record: RestatedRecord = {
        row,
        quarter: before.quarter,
        identity: before.identity,
        ordinal: before.ordinal,
        amountPence: before.amountPence,
        date: before.date,
        transactionId: before.transactionId,
        before: {
          ...valuesOf(before),
          ...placeOf(before),
          ...(before.restatedBy ? { restatedBy: before.restatedBy } : {}),
          ...(before.restatedRow !== undefined ? { restatedRow: before.restatedRow } : {}),
        },
        after: { ...valuesOf(after), ...placeOf(after) },
        rev: before.rev + 1,
      };
      items.push({
        Put: {
          TableName: db.table,
          Item: { ...keys.importRestated(importId, row), type: 'spend-import-restated', ...record },
        },
      });
      move(before.quarter, before.category, entryAmounts(before, before.amountPence), -1);
      move(before.quarter, after.category, entryAmounts(after, before.amountPence), 1);
    }
  }
  if (written.length > 0) {
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.importWrote(importId, shortHash(written.join('|'))),
          type: 'spend-import-wrote',
          lines: written,
        },
      },
    });
  }
  for (const t of totals.values()) {
    if (!isZero(t.amounts)) {
      items.push(totalUpdate(db, organisationId, t.quarter, t.category, t.amounts));
    }
  }
  return { items, firstItemOf };
}

/** The line's place in spend by supplier, its absent parts left out. */
export function placeOf(place: SupplierPlace): SupplierPlace {
  return {
    ...(place.supplierId ? { supplierId: place.supplierId } : {}),
    ...(place.flagPattern ? { flagPattern: place.flagPattern } : {}),
  };
}

function isRetryable(error: unknown): boolean {
  return (
    error instanceof Error &&
    [
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'InternalServerError',
    ].includes(error.name)
  );
}

/** Full jitter: a random wait up to 50 ms x 2^attempt, capped at 5 s. */
function backoff(attempt: number) {
  return sleep(Math.random() * Math.min(5000, 50 * 2 ** attempt));
}

/** What the review pass compares a file's rows with: each line's date, amount and identity columns. */
export type LineSummary = {
  identity: string;
  date: string;
  amountPence: number;
  /** Normalised; empty when the line's import read none. */
  transactionId: string;
  identityColumns: string;
  importId: string;
};

/** Every line of an organisation's quarter, projected to its identity, date, amount, transaction number and identity columns. */
export async function lineSummaries(db: Db, organisationId: string, quarter: string): Promise<LineSummary[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
    ExpressionAttributeValues: { ':pk': keys.ledgerLine(organisationId, quarter, '', 0).PK, ':tx': 'TX#' },
    ProjectionExpression: '#identity, #date, amountPence, transactionId, identityColumns, importId',
    ExpressionAttributeNames: { '#identity': 'identity', '#date': 'date' },
  });
  return items.map((item) => ({
    identity: item.identity as string,
    date: item.date as string,
    amountPence: item.amountPence as number,
    transactionId: (item.transactionId as string | undefined) ?? '',
    identityColumns: (item.identityColumns as string | undefined) ?? '',
    importId: item.importId as string,
  }));
}

/**
 * The identities an organisation's quarter holds lines of, each with its highest ordinal: what an
 * import reads once before writing, so that rows of identities not among them need no read of their
 * own, and the lines of those among them can be read by key (`linesByOrdinals`).
 */
export async function heldIdentities(
  db: Db,
  organisationId: string,
  quarter: string,
): Promise<Map<string, number>> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
    ExpressionAttributeValues: { ':pk': keys.ledgerLine(organisationId, quarter, '', 0).PK, ':tx': 'TX#' },
    ProjectionExpression: '#identity, ordinal',
    ExpressionAttributeNames: { '#identity': 'identity' },
    ConsistentRead: true,
  });
  const held = new Map<string, number>();
  for (const item of items) {
    const identity = item.identity as string;
    held.set(identity, Math.max(held.get(identity) ?? 0, item.ordinal as number));
  }
  return held;
}

/**
 * The lines of these identities, read by key (ordinals 1 to `ordinals`; strongly consistent) in
 * BatchGetItems of up to 100 keys, by `quarter#identity`, each by ordinal. Lines beyond the
 * ordinals asked for are not read: a line written since they were counted makes the writer's put
 * fail, and the writer reads the identity again (`linesOfIdentity`).
 */
export async function linesByOrdinals(
  db: Db,
  organisationId: string,
  wanted: readonly { quarter: string; identity: string; ordinals: number }[],
): Promise<Map<string, LedgerLine[]>> {
  const found = new Map<string, LedgerLine[]>();
  const all: Record<string, string>[] = [];
  for (const { quarter, identity, ordinals } of wanted) {
    found.set(`${quarter}#${identity}`, []);
    for (let ordinal = 1; ordinal <= ordinals; ordinal++)
      all.push(keys.ledgerLine(organisationId, quarter, identity, ordinal));
  }
  for (const item of await getAll(db, all, { consistent: true })) {
    const line = lineOf(item);
    found.get(`${line.quarter}#${line.identity}`)?.push(line);
  }
  for (const lines of found.values()) lines.sort((a, b) => a.ordinal - b.ordinal);
  return found;
}
