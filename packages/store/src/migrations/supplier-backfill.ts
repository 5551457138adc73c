import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../db.ts';
import type { LedgerLine } from '../ledger-lines.ts';
import { queryAll } from '../query.ts';
import { SupplierBook } from '../supplier-book.ts';
import { type SupplierDelta, supplierDeltaItems } from '../supplier-deltas.ts';
import { eachPartitionToMigrate } from './partitions.ts';

// One-off: puts the ledger lines imported before suppliers were resolved (no `supplierId`) into
// spend by supplier, as an import does for the lines it writes: each line's supplier resolved by its
// name (SupplierBook: the organisation's pointing, the normalised name, else a new record whose id
// derives from the name), the pattern of its own flags as such lines are read elsewhere (a flag set
// was read, `Y`; one not set may not have been, `-`), and in one transaction the line marked with
// both (conditional on it having no supplier and on its revision, which moves, so an import
// restating it meanwhile plans it again) and its spend added to the supplier's items and the
// classified totals. Idempotent and resumable: a run finds only the lines still to place, partition
// by partition (an organisation's quarter); a line is placed once whatever stops a run. Lines still
// keyed as before row identities are left for `npm run migrate:ledger-identity`, to run first.

export type BackfillReport = { partitions: number; linesPlaced: number };

/**
 * Lines per transaction: a line item each, and per line at most three supplier items (its spend, its
 * quarter, the organisation's place among those paying it) and a bucket, within DynamoDB's 100.
 */
const LINES_PER_TRANSACTION = 20;
const MAX_ROUNDS = 10;

type UnplacedLine = LedgerLine & { PK: string; SK: string; organisationId: string; rev?: number };

/** Runs the backfill to the end; `onProgress` hears each partition done. */
export async function backfillSupplierSpend(
  db: Db,
  onProgress: (report: BackfillReport) => void = () => {},
  now: () => Date = () => new Date(),
): Promise<BackfillReport> {
  const report: BackfillReport = { partitions: 0, linesPlaced: 0 };
  await eachPartitionToMigrate(
    db,
    {
      filter: 'attribute_exists(#identity) AND attribute_not_exists(supplierId)',
      names: { '#identity': 'identity' },
      projection: ['organisationId'],
    },
    async (pk, item) => {
      report.linesPlaced += await backfillPartition(db, pk, item.organisationId as string, now);
      report.partitions += 1;
      onProgress(report);
    },
  );
  return report;
}

/** Places one partition's unplaced lines (an organisation's quarter); returns how many it placed. */
export async function backfillPartition(
  db: Db,
  pk: string,
  organisationId: string,
  now: () => Date = () => new Date(),
): Promise<number> {
  const book = new SupplierBook(db, organisationId, { resolves: true, now });
  let placed = 0;
  for (let round = 1; ; round++) {
    const items = await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tx)',
      ExpressionAttributeValues: { ':pk': pk, ':tx': 'TX#' },
      ConsistentRead: true,
    });
    const unplaced = items.filter(
      (item) => item.identity !== undefined && item.supplierId === undefined,
    ) as unknown as UnplacedLine[];
    if (unplaced.length === 0) break;
    if (round > MAX_ROUNDS) throw new Error(`${pk}: lines kept changing under the backfill`);
    for (let i = 0; i < unplaced.length; i += LINES_PER_TRANSACTION) {
      placed += await placeLines(db, book, organisationId, unplaced.slice(i, i + LINES_PER_TRANSACTION));
    }
  }
  await book.settle();
  return placed;
}

/** One transaction: the lines marked with their supplier and pattern, their spend added. */
async function placeLines(
  db: Db,
  book: SupplierBook,
  organisationId: string,
  lines: UnplacedLine[],
): Promise<number> {
  const places = await Promise.all(
    lines.map(async (line) => ({
      line,
      supplierId: await book.resolve(line.supplierName ?? ''),
      pattern: legacyPattern(line),
    })),
  );
  const deltas: SupplierDelta[] = places.map((p) => ({
    quarter: p.line.quarter,
    supplierId: p.supplierId,
    pattern: p.pattern,
    pence: p.line.amountPence,
    rows: 1,
  }));
  const suppliers = await book.read(places.map((p) => p.supplierId));
  const spend = supplierDeltaItems(db, organisationId, deltas, suppliers, book.paidKnown);
  const lineItems = places.map(({ line, supplierId, pattern }) => ({
    Update: {
      TableName: db.table,
      Key: { PK: line.PK, SK: line.SK },
      UpdateExpression: 'SET supplierId = :sid, flagPattern = :pattern ADD rev :one',
      ConditionExpression:
        line.rev === undefined
          ? 'attribute_not_exists(supplierId) AND attribute_not_exists(rev)'
          : 'attribute_not_exists(supplierId) AND rev = :rev',
      ExpressionAttributeValues: {
        ':sid': supplierId,
        ':pattern': pattern,
        ':one': 1,
        ...(line.rev === undefined ? {} : { ':rev': line.rev }),
      },
    },
  }));
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: [...lineItems, ...spend.items] }));
  } catch (error) {
    const reasons = cancellationCodes(error);
    if (!reasons) throw error;
    // A supplier's facts changed (its quarter item is counted under newer ones): move this
    // organisation's items on and read it again; a line changed: the next round reads it again.
    const moved = spend.supplierOf.filter(
      (id, i) => id !== '' && reasons[lineItems.length + i] === 'ConditionalCheckFailed',
    );
    await book.refresh(moved);
    return 0;
  }
  book.wrote(places.map((p) => p.supplierId));
  return lines.length;
}

/** Lines written before patterns were kept: a flag set was read; one not set may not have been. */
function legacyPattern(line: LedgerLine): string {
  return (['local', 'sme', 'vcse'] as const).map((flag) => (line[flag] ? 'Y' : '-')).join('');
}

function cancellationCodes(error: unknown): (string | undefined)[] | null {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return null;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons ? reasons.map((r) => r.Code) : [];
}
