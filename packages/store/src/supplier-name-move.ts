import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isUndisclosedName, normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import type { LedgerLine } from './ledger-lines.ts';
import { queryAll } from './query.ts';
import { type SupplierDelta, supplierDeltaItems } from './supplier-deltas.ts';
import { supplierKeys } from './supplier-keys.ts';
import { SupplierRecords } from './supplier-records.ts';

// An officer points a name of their organisation's rows at another supplier: the lines already
// imported under that name move now. Each line of the organisation whose supplier name normalises to
// the pointed name and which is counted under another supplier gets the new `supplierId`, in one
// transaction with its spend taken from the old supplier's items and added to the new one's (same
// quarter, same pattern of its own flags: a row's own flags still win over the facts), and the
// classified totals moved from the old supplier's buckets to the new one's. The line's update is
// conditional on its revision and its supplier as read, and moves its revision on, so an import
// restating it meanwhile plans it again, and a run killed half-way and run again finds only what is
// left: exactly once, whatever stops a run. A supplier whose facts changed under a transaction has
// this organisation's items moved to them first (the fan-out for the organisation), then the
// transaction is tried again. Pointing at the supplier the lines already have moves nothing.

export type NameMove = { organisationId: string; normalisedName: string; supplierId: string };

/** Rows and spend (signed: credit notes count negative) moved so far; `done` once none is left. */
export type NameMoveProgress = { rows: number; pence: number; done: boolean };

/**
 * Lines per transaction: a line item each, and per supplier (the old ones and the new one) its
 * quarter, spend and paying-organisation items, and a bucket per supplier and pattern: within 100.
 */
const LINES_PER_TRANSACTION = 12;
const MAX_ROUNDS = 10;

type Line = LedgerLine & { PK: string; SK: string };

/**
 * Moves the lines of a pointed name to its supplier. With `deadline` (epoch ms) it stops after the
 * first transaction past it and answers `done: false`; run again, it carries on. `onProgress` hears
 * each transaction applied (what it moved).
 */
export async function moveNameLines(
  db: Db,
  move: NameMove,
  options: { deadline?: number; onProgress?: (moved: { rows: number; pence: number }) => Promise<void> } = {},
): Promise<NameMoveProgress> {
  const progress: NameMoveProgress = { rows: 0, pence: 0, done: false };
  const records = new SupplierRecords(db, move.organisationId);
  const late = () => options.deadline !== undefined && Date.now() > options.deadline;
  const quarters = await quartersOf(db, move.organisationId);
  for (const [index, quarter] of quarters.entries()) {
    // Reading a large quarter takes time too: past the deadline (each run reads one at least), the
    // rest is the background's.
    if (index > 0 && late()) {
      await records.settle();
      return progress;
    }
    for (let round = 1; ; round++) {
      const lines = (await linesOfQuarter(db, move.organisationId, quarter)).filter((line) =>
        toMove(line, move),
      );
      if (lines.length === 0) break;
      if (round > MAX_ROUNDS)
        throw new Error(`${move.organisationId} ${quarter}: lines kept changing under the move`);
      for (let i = 0; i < lines.length; i += LINES_PER_TRANSACTION) {
        const moved = await moveLines(db, records, move, lines.slice(i, i + LINES_PER_TRANSACTION));
        progress.rows += moved.rows;
        progress.pence += moved.pence;
        if (moved.rows > 0) await options.onProgress?.(moved);
        if (late()) {
          await records.settle();
          return progress;
        }
      }
    }
  }
  await records.settle();
  return { ...progress, done: true };
}

/** Whether a line is one to move: named so, counted under another supplier. */
function toMove(line: Line, move: NameMove): boolean {
  if (!line.supplierId || line.supplierId === move.supplierId) return false;
  const name = line.supplierName ?? '';
  return !isUndisclosedName(name) && normaliseSupplierName(name) === move.normalisedName;
}

/** The quarters the organisation has spend by supplier in (bounded by suppliers x quarters). */
async function quartersOf(db: Db, organisationId: string): Promise<string[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': supplierKeys.supplierQuarterPk(organisationId) },
    ProjectionExpression: 'quarter',
  });
  return [...new Set(items.map((item) => item.quarter as string))].sort();
}

async function linesOfQuarter(db: Db, organisationId: string, quarter: string): Promise<Line[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
    ExpressionAttributeValues: { ':pk': keys.ledgerLine(organisationId, quarter, '', 0).PK, ':tx': 'TX#' },
    ConsistentRead: true,
  });
  return items as unknown as Line[];
}

/** One transaction: the lines given the new supplier, their spend moved; what it moved. */
async function moveLines(
  db: Db,
  records: SupplierRecords,
  move: NameMove,
  lines: Line[],
): Promise<{ rows: number; pence: number }> {
  const deltas: SupplierDelta[] = lines.flatMap((line) => {
    const pattern = line.flagPattern ?? '---';
    const base = { quarter: line.quarter, pattern };
    return [
      { ...base, supplierId: line.supplierId as string, pence: -line.amountPence, rows: -1 },
      { ...base, supplierId: move.supplierId, pence: line.amountPence, rows: 1 },
    ];
  });
  for (let attempt = 1; ; attempt++) {
    const suppliers = await records.read(deltas.map((d) => d.supplierId));
    // Every old supplier is paid by the organisation already; the new one may not be: its place
    // among those paying it is an Update (an upsert), so the move needs no other write action.
    const known = new Set(suppliers.keys());
    const spend = supplierDeltaItems(db, move.organisationId, deltas, suppliers, known);
    const paidBy = records.paidKnown.has(move.supplierId)
      ? []
      : [
          {
            Update: {
              TableName: db.table,
              Key: supplierKeys.paidBy(move.supplierId, move.organisationId),
              UpdateExpression: 'SET organisationId = :oid, #type = :type',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':oid': move.organisationId, ':type': 'supplier-paid-by' },
            },
          },
        ];
    const lineItems = lines.map((line) => ({
      Update: {
        TableName: db.table,
        Key: { PK: line.PK, SK: line.SK },
        UpdateExpression: 'SET supplierId = :to ADD rev :one',
        ConditionExpression:
          line.rev === undefined
            ? 'supplierId = :from AND attribute_not_exists(rev)'
            : 'supplierId = :from AND rev = :rev',
        ExpressionAttributeValues: {
          ':to': move.supplierId,
          ':from': line.supplierId,
          ':one': 1,
          ...(line.rev === undefined ? {} : { ':rev': line.rev }),
        },
      },
    }));
    try {
      await db.doc.send(
        new TransactWriteCommand({ TransactItems: [...lineItems, ...spend.items, ...paidBy] }),
      );
      records.wrote(suppliers.keys());
      return { rows: lines.length, pence: lines.reduce((total, line) => total + line.amountPence, 0) };
    } catch (error) {
      const reasons = cancellationCodes(error);
      if (!reasons) throw error;
      // A line changed (an import restated it, another run moved it): the next round reads it again.
      if (reasons.slice(0, lineItems.length).includes('ConditionalCheckFailed')) return { rows: 0, pence: 0 };
      // A supplier's facts changed: move this organisation's items to them, read it again.
      const moved = spend.supplierOf.filter(
        (id, i) => id !== '' && reasons[lineItems.length + i] === 'ConditionalCheckFailed',
      );
      if (attempt >= MAX_ROUNDS) throw error;
      if (moved.length > 0) await records.refresh(moved);
      else if (reasons.includes('TransactionConflict')) await sleep(Math.random() * 50 * 2 ** attempt);
      else throw error;
    }
  }
}

function cancellationCodes(error: unknown): (string | undefined)[] | null {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return null;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons ? reasons.map((r) => r.Code) : [];
}
