import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  bucketKey,
  type RowFlags,
  rowPattern,
  type SupplierClassification,
} from '@compact-tracker/domain/supplier-classification';
import type { Db } from './db.ts';
import { queryAll, withoutKeys } from './query.ts';
import {
  classificationOfRecord,
  classifiedBuckets,
  classifiedUpdate,
  patternAmounts,
  type SupplierDelta,
  spendFactValues,
  supplierDeltaItems,
} from './supplier-deltas.ts';
import { supplierKeys as keys } from './supplier-keys.ts';
import { getSupplier, organisationsPaying, type SupplierRecord } from './suppliers.ts';

// Spend by supplier, kept beside the ledger's per-category totals:
//  - per organisation and supplier, all quarters (`supplierSpend`): the suppliers pages, one query;
//    it carries a copy of the supplier's classifying facts, refreshed by the fan-out;
//  - per organisation, supplier and quarter (`supplierQuarter`): amounts and rows by the pattern of
//    the rows' own flags, the classification they are counted under and its supplier version;
//  - per organisation and quarter, by classification bucket (`classifiedTotal`): what shares,
//    coverage and spend between partners are summed from (domain/supplier-classification).
// The importer adds to all three in the transaction that writes the rows (supplierSpendWrites);
// a change of a supplier's facts moves its amounts between buckets (reclassifySupplier): one
// query per paying organisation and one transaction per organisation and quarter.

export type SupplierSpendRecord = {
  organisationId: string;
  supplierId: string;
  name: string;
  spendPence: number;
  rows: number;
  factsVersion: number;
  postcode: string | null;
  sme: boolean | null;
  vcse: boolean | null;
  publicBody: boolean | null;
  payee: string | null;
  undisclosed?: boolean;
};

export type SupplierQuarterRecord = {
  organisationId: string;
  supplierId: string;
  quarter: string;
  factsVersion: number;
  classification: SupplierClassification;
  /** Bumped by every write that adds amounts: the fan-out moves exactly what it read. */
  rev: number;
  spendPence: number;
  rows: number;
  /** Pence and rows by row-flag pattern (`pence_---`, `rows_Y--`, ...). */
  [pattern: `pence_${string}` | `rows_${string}`]: number;
};

export type ClassifiedTotalRecord = {
  organisationId: string;
  quarter: string;
  bucket: string;
  spendPence: number;
  rows: number;
};

/** Spend of some rows of one organisation, quarter and supplier, all with the same own flags. */
export type SupplierSpendEntry = {
  organisationId: string;
  quarter: string;
  supplier: SupplierRecord;
  rowFlags: RowFlags;
  amountPence: number;
  rows: number;
};

/** The supplier version changed, or its quarter item was moved meanwhile: re-read and retry. */
export class SupplierMovedError extends Error {
  constructor() {
    super("the supplier's facts changed meanwhile");
    this.name = 'SupplierMovedError';
  }
}

/**
 * The transaction items that add one entry to the spend by supplier (supplier-deltas). The
 * transaction fails when the quarter item is counted under other facts than `entry.supplier`'s.
 */
export function supplierSpendWrites(db: Db, entry: SupplierSpendEntry) {
  const delta: SupplierDelta = {
    quarter: entry.quarter,
    supplierId: entry.supplier.id,
    pattern: rowPattern(entry.rowFlags),
    pence: entry.amountPence,
    rows: entry.rows,
  };
  return supplierDeltaItems(db, entry.organisationId, [delta], new Map([[entry.supplier.id, entry.supplier]]))
    .items as NonNullable<TransactWriteCommandInput['TransactItems']>;
}

/**
 * Adds one entry on its own (tests, and callers outside an import transaction), re-reading the
 * supplier and moving its quarter item to the current facts when they changed meanwhile.
 */
export async function addSupplierSpend(
  db: Db,
  entry: Omit<SupplierSpendEntry, 'supplier'> & { supplierId: string },
) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const supplier = await getSupplier(db, entry.supplierId);
    if (!supplier) throw new Error(`supplier ${entry.supplierId} does not exist`);
    try {
      await db.doc.send(
        new TransactWriteCommand({ TransactItems: supplierSpendWrites(db, { ...entry, supplier }) }),
      );
      // Facts changed while this was written: move what it added on to them, as the fan-out would.
      if ((await getSupplier(db, supplier.id))?.version !== supplier.version)
        await reclassifySupplierFor(db, supplier.id, entry.organisationId);
      return;
    } catch (error) {
      if (!isCancelled(error)) throw error;
      await reclassifySupplierFor(db, supplier.id, entry.organisationId);
    }
  }
  throw new SupplierMovedError();
}

export type FanOutStats = { organisations: number; quarterItemsMoved: number; requests: number };

/**
 * Moves the supplier's spend of every paying organisation to the buckets of its current facts: the
 * fan-out a change of facts triggers. Idempotent and safe to run twice or concurrently (each quarter
 * item moves under a condition on the version and revision it was read at); killed half-way and run
 * again, it ends exactly where a clean run ends.
 */
export async function reclassifySupplier(db: Db, supplierId: string): Promise<FanOutStats> {
  const stats: FanOutStats = { organisations: 0, quarterItemsMoved: 0, requests: 2 };
  const organisations = await organisationsPaying(db, supplierId);
  for (const organisationId of organisations) {
    const one = await reclassifySupplierFor(db, supplierId, organisationId);
    stats.organisations += 1;
    stats.quarterItemsMoved += one.quarterItemsMoved;
    stats.requests += one.requests;
  }
  return stats;
}

/** The fan-out for one paying organisation. */
export async function reclassifySupplierFor(db: Db, supplierId: string, organisationId: string) {
  const stats = { quarterItemsMoved: 0, requests: 1 };
  const supplier = await getSupplier(db, supplierId);
  if (!supplier) return stats;
  const classification = classificationOfRecord(supplier);
  let items = await quarterItems(db, organisationId, supplierId);
  stats.requests += 1;
  for (let round = 0; round < 10; round++) {
    const stale = items.filter((item) => item.factsVersion < supplier.version);
    if (stale.length === 0) break;
    const retry: string[] = [];
    for (const item of stale) {
      stats.requests += 1;
      try {
        await db.doc.send(
          new TransactWriteCommand({ TransactItems: moveItems(db, item, supplier.version, classification) }),
        );
        stats.quarterItemsMoved += 1;
      } catch (error) {
        if (!isCancelled(error)) throw error;
        retry.push(item.quarter);
      }
    }
    if (retry.length === 0) break;
    items = (await quarterItems(db, organisationId, supplierId)).filter((i) => retry.includes(i.quarter));
    stats.requests += 1;
  }
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.supplierSpend(organisationId, supplierId),
              UpdateExpression:
                'SET factsVersion = :v, postcode = :pc, sme = :sme, vcse = :vcse, publicBody = :pb, payee = :payee',
              ConditionExpression: 'attribute_exists(PK) AND factsVersion < :v',
              ExpressionAttributeValues: spendFactValues(supplier),
            },
          },
        ],
      }),
    );
    stats.requests += 1;
  } catch (error) {
    if (!isCancelled(error)) throw error;
  }
  return stats;
}

function moveItems(db: Db, item: SupplierQuarterRecord, version: number, next: SupplierClassification) {
  const writes: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      Update: {
        TableName: db.table,
        Key: keys.supplierQuarter(item.organisationId, item.supplierId, item.quarter),
        UpdateExpression: 'SET factsVersion = :v, classification = :c',
        ConditionExpression: 'factsVersion = :old AND rev = :rev',
        ExpressionAttributeValues: { ':v': version, ':c': next, ':old': item.factsVersion, ':rev': item.rev },
      },
    },
  ];
  // The patterns whose bucket changes leave the old classification's totals for the new one's.
  const moved = patternAmounts(item).filter(
    ({ pattern }) => bucketKey(pattern, item.classification) !== bucketKey(pattern, next),
  );
  const amounts = (classification: SupplierClassification, sign: 1 | -1) => ({
    quarter: item.quarter,
    classification,
    byPattern: new Map(moved.map((m) => [m.pattern, { pence: sign * m.pence, rows: sign * m.rows }])),
  });
  for (const update of [
    classifiedUpdate(db, item.organisationId, amounts(item.classification, -1)),
    classifiedUpdate(db, item.organisationId, amounts(next, 1)),
  ])
    if (update) writes.push(update);
  return writes;
}

async function quarterItems(
  db: Db,
  organisationId: string,
  supplierId: string,
): Promise<SupplierQuarterRecord[]> {
  const items: SupplierQuarterRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.supplierQuarterPk(organisationId), ':p': `${supplierId}#` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(result.Items ?? []).map((item) => withoutKeys<SupplierQuarterRecord>(item)));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every supplier an organisation has paid, with spend, rows and the classifying facts (one query). */
export async function organisationSupplierSpend(
  db: Db,
  organisationId: string,
): Promise<SupplierSpendRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.supplierSpendPk(organisationId) },
  });
  return items.map((item) => withoutKeys<SupplierSpendRecord>(item));
}

/**
 * The organisation's classified totals by bucket, optionally for quarters from..to (ids sort in
 * time order): each quarter's items by classification, their amounts by row-flag pattern summed
 * into the buckets they fall in.
 */
export async function classifiedTotals(
  db: Db,
  organisationId: string,
  range: { from?: string; to?: string } = {},
): Promise<ClassifiedTotalRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.classifiedTotalPk(organisationId),
      ':from': `${keys.classifiedTotalPrefix}${range.from ?? '0'}`,
      ':to': `${keys.classifiedTotalPrefix}${range.to ?? '9999'}#~`,
    },
  });
  const totals = new Map<string, ClassifiedTotalRecord>();
  for (const b of items.flatMap(classifiedBuckets)) {
    const id = `${b.quarter}#${b.bucket}`;
    const total = totals.get(id) ?? {
      organisationId,
      quarter: b.quarter,
      bucket: b.bucket,
      spendPence: 0,
      rows: 0,
    };
    total.spendPence += b.spendPence;
    total.rows += b.rows;
    totals.set(id, total);
  }
  return [...totals.values()];
}

function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionCanceledException';
}
