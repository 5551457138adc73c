import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EntryValues } from '@compact-tracker/domain/restatement';
import { identityText, normaliseTransactionNumber } from '@compact-tracker/domain/row-identity';
import type { Db } from '../db.ts';
import { keys } from '../keys.ts';
import { type LedgerLine, shortHash } from '../ledger-lines.ts';
import { queryAll } from '../query.ts';
import { eachPartitionToMigrate } from './partitions.ts';

// One-off: moves the imported entries written before row identities (keyed by a hash of how the
// row was read) to ledger lines keyed by identity (transaction number, date, amount) and ordinal,
// so that imports from now on find them. Entries that share an identity become its lines 1, 2, ...
// in their stored order (by import, then row). Totals do not move. Each entry moves in a
// transaction (new line put if its key is free, old entry deleted if still there), with a log of
// its import's lines so that old imports can be reverted too. Idempotent and resumable: a run
// finds only the entries still to move, partition by partition; an import writing meanwhile is
// met by the conditions and its partition planned again.

type OldEntry = EntryValues & {
  PK: string;
  SK: string;
  organisationId: string;
  importId: string;
  quarter: string;
  date: string;
  amountPence: number;
  transactionId?: string;
  row: number;
};

export type MigrationReport = { partitions: number; entriesMoved: number };

/** Entries per transaction: three items each at most (line, old entry, log), within DynamoDB's 100. */
const ENTRIES_PER_TRANSACTION = 30;

/** Runs the migration to the end; `onProgress` hears each partition done. */
export async function migrateLedgerIdentity(
  db: Db,
  onProgress: (report: MigrationReport) => void = () => {},
): Promise<MigrationReport> {
  const report: MigrationReport = { partitions: 0, entriesMoved: 0 };
  await eachPartitionToMigrate(
    db,
    { filter: 'attribute_not_exists(#identity)', names: { '#identity': 'identity' } },
    async (pk) => {
      report.entriesMoved += await migratePartition(db, pk);
      report.partitions += 1;
      onProgress(report);
    },
  );
  return report;
}

/** Moves one partition's old entries (one organisation and quarter); returns how many moved. */
export async function migratePartition(db: Db, pk: string): Promise<number> {
  let moved = 0;
  for (let round = 1; ; round++) {
    const items = await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
      ExpressionAttributeValues: { ':pk': pk, ':tx': 'TX#' },
      ConsistentRead: true,
    });
    const old = items.filter((item) => item.identity === undefined) as unknown as OldEntry[];
    if (old.length === 0) return moved;
    const next = new Map<string, number>();
    for (const item of items) {
      if (item.identity === undefined) continue;
      const line = item as unknown as LedgerLine;
      next.set(line.identity, Math.max(next.get(line.identity) ?? 1, line.ordinal + 1));
    }
    // Stored order: by import (ids sort by time), then row.
    old.sort((a, b) => a.importId.localeCompare(b.importId) || a.row - b.row || a.SK.localeCompare(b.SK));
    const moves = old.map((entry) => {
      const line = lineOf(entry, next);
      return { entry, line };
    });
    try {
      for (let i = 0; i < moves.length; i += ENTRIES_PER_TRANSACTION) {
        const part = moves.slice(i, i + ENTRIES_PER_TRANSACTION);
        await db.doc.send(new TransactWriteCommand({ TransactItems: moveItems(db, part) }));
        moved += part.length;
      }
      return moved;
    } catch (error) {
      // An import wrote a line of these identities meanwhile, or a run in parallel moved some:
      // plan the partition again from what it holds now.
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException' || round >= 5)
        throw error;
    }
  }
}

function lineOf(entry: OldEntry, next: Map<string, number>): LedgerLine {
  const number = normaliseTransactionNumber(entry.transactionId ?? '');
  // A number refused today (scientific notation) was counted before: it keeps its text as read.
  const transactionId = number.ok ? number.value : (entry.transactionId ?? '');
  const identity = shortHash(
    identityText({ transactionNumber: transactionId, date: entry.date, amountPence: entry.amountPence }),
  );
  const ordinal = next.get(identity) ?? 1;
  next.set(identity, ordinal + 1);
  return {
    category: entry.category,
    categoryText: entry.categoryText ?? '',
    supplierName: entry.supplierName ?? '',
    local: entry.local === true,
    sme: entry.sme === true,
    vcse: entry.vcse === true,
    criteria: entry.criteria === true,
    identity,
    ordinal,
    quarter: entry.quarter,
    date: entry.date,
    amountPence: entry.amountPence,
    transactionId,
    identityColumns: '',
    row: entry.row,
    importId: entry.importId,
    rev: 1,
  };
}

function moveItems(db: Db, moves: { entry: OldEntry; line: LedgerLine }[]) {
  const items: Record<string, unknown>[] = [];
  const byImport = new Map<string, string[]>();
  for (const { entry, line } of moves) {
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.ledgerLine(entry.organisationId, line.quarter, line.identity, line.ordinal),
          type: 'spend-transaction',
          organisationId: entry.organisationId,
          migratedFrom: entry.SK,
          ...line,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
    items.push({
      Delete: {
        TableName: db.table,
        Key: { PK: entry.PK, SK: entry.SK },
        ConditionExpression: 'attribute_exists(PK)',
      },
    });
    const lines = byImport.get(entry.importId) ?? [];
    lines.push(`${line.quarter}#${line.identity}#${line.ordinal}`);
    byImport.set(entry.importId, lines);
  }
  for (const [importId, lines] of byImport) {
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.importWrote(importId, `migrated-${shortHash(lines.join('|'))}`),
          type: 'spend-import-wrote',
          lines,
        },
      },
    });
  }
  return items;
}
