import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Category } from '@compact-tracker/domain/categories';
import { isZero, returnReports, type SpendAmounts, type SpendLine } from '@compact-tracker/domain/spend';
import { isCancelledBy } from './compacts.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';

// The ledger's running totals: one item per organisation, quarter and category, moved with ADD
// in the same transaction as every entry that changes them, so reports read these and never the
// entries. Returns replace a quarter's previous return by applying the difference.

export type SpendTotalRecord = SpendAmounts & {
  organisationId: string;
  quarter: string;
  category: Category;
};

export type SpendReturnRecord = {
  organisationId: string;
  quarter: string;
  lines: SpendLine[];
  /** Marked a nil return: no spend in the quarter (absent on returns saved before nil returns). */
  nil?: boolean;
  /** The officer confirmed lines equal to their category's imported total as other money. */
  confirmImported?: boolean;
  revision: number;
  submittedAt: string;
  submittedBy: string;
};

export class StaleReturnError extends Error {
  constructor() {
    super("the quarter's return was replaced meanwhile");
    this.name = 'StaleReturnError';
  }
}

/** The Update that adds `amounts` to a quarter's total for a category, creating it if need be. */
export function totalUpdate(
  db: Db,
  organisationId: string,
  quarter: string,
  category: Category,
  amounts: SpendAmounts,
) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.spendTotal(organisationId, quarter, category),
      UpdateExpression:
        'SET organisationId = :oid, quarter = :quarter, category = :category, #type = :type ' +
        'ADD totalPence :t, localPence :l, smePence :s, vcsePence :v, criteriaPence :c',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':oid': organisationId,
        ':quarter': quarter,
        ':category': category,
        ':type': 'spend-total',
        ':t': amounts.totalPence,
        ':l': amounts.localPence,
        ':s': amounts.smePence,
        ':v': amounts.vcsePence,
        ':c': amounts.criteriaPence,
      },
    },
  };
}

export async function getSpendReturn(db: Db, organisationId: string, quarter: string) {
  const result = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.spendReturn(organisationId, quarter),
      ConsistentRead: true,
    }),
  );
  return result.Item ? withoutKeys<SpendReturnRecord>(result.Item) : null;
}

/**
 * Replaces a quarter's return if it is still at `expectedRevision` (0: none yet), keeping the new
 * one in the history and moving the totals by `difference`, all in one transaction, with `also`
 * (the register rows that learn the quarter is reported) in it: any of those failing its condition
 * is a race like a stale revision.
 */
export async function replaceSpendReturn(
  db: Db,
  record: SpendReturnRecord,
  expectedRevision: number,
  difference: Map<Category, SpendAmounts>,
  also: Record<string, unknown>[] = [],
): Promise<void> {
  const item = {
    ...keys.spendReturn(record.organisationId, record.quarter),
    type: 'spend-return',
    ...record,
  };
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.table,
              Item: item,
              ...(expectedRevision === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : {
                    ConditionExpression: 'revision = :expected',
                    ExpressionAttributeValues: { ':expected': expectedRevision },
                  }),
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.spendReturnHistory(record.organisationId, record.quarter, record.revision),
                type: 'spend-return-revision',
                ...record,
              },
            },
          },
          ...[...difference].map(([category, amounts]) =>
            totalUpdate(db, record.organisationId, record.quarter, category, amounts),
          ),
          ...also,
        ],
      }),
    );
  } catch (error) {
    const alsoFrom = 2 + difference.size;
    // A concurrent return (its revision check) or a concurrent write to one of the same items (the
    // register rows a return marks, the totals): read again and retry.
    const items = 2 + difference.size + also.length;
    const stale =
      [0, ...also.map((_, i) => alsoFrom + i)].some((index) =>
        isCancelledBy(error, index, 'ConditionalCheckFailed'),
      ) ||
      Array.from({ length: items }, (_, i) => i).some((i) => isCancelledBy(error, i, 'TransactionConflict'));
    if (stale) throw new StaleReturnError();
    throw error;
  }
}

export async function spendReturnHistory(db: Db, organisationId: string, quarter: string) {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :quarter)',
    ExpressionAttributeValues: {
      ':pk': keys.spendReturnHistory(organisationId, quarter, 0).PK,
      ':quarter': `${quarter}#`,
    },
    ScanIndexForward: false,
  });
  return items.map((item) => withoutKeys<SpendReturnRecord>(item));
}

/**
 * Quarterly totals by category between two quarters inclusive (all when unbounded).
 * `consistent` reads them strongly consistent (twice the read units), for a write decided on them.
 */
export async function spendTotals(
  db: Db,
  organisationId: string,
  range: { from?: string; to?: string } = {},
  options: { consistent?: boolean } = {},
): Promise<SpendTotalRecord[]> {
  const prefix = keys.spendTotalPrefix;
  const items = await queryAll(db, {
    ...(options.consistent ? { ConsistentRead: true } : {}),
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.organisation(organisationId).PK,
      ':from': `${prefix}${range.from ?? ''}`,
      ':to': `${prefix}${range.to ?? '9999'}#~`,
    },
  });
  return items.map((item) => withoutKeys<SpendTotalRecord>(item));
}

/** The returns in force between two quarters inclusive (all when unbounded), oldest first. */
export async function spendReturns(
  db: Db,
  organisationId: string,
  range: { from?: string; to?: string } = {},
): Promise<SpendReturnRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.organisation(organisationId).PK,
      ':from': `${RETURN_PREFIX}${range.from ?? ''}`,
      ':to': `${RETURN_PREFIX}${range.to ?? '9999'}~`,
    },
  });
  return items.map((item) => withoutKeys<SpendReturnRecord>(item));
}

const RETURN_PREFIX = keys.spendReturn('', '').SK;

/**
 * The quarters an organisation has reported: a return with any amount or marked nil, or a
 * non-zero ledger total (imports). A return of zeros not marked nil does not count. Two
 * projected queries of its partition.
 */
export async function quartersReported(db: Db, organisationId: string): Promise<Set<string>> {
  const pk = keys.organisation(organisationId).PK;
  const [returns, totals] = await Promise.all([
    queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': RETURN_PREFIX },
      ProjectionExpression: 'quarter, #lines, #nil',
      ExpressionAttributeNames: { '#lines': 'lines', '#nil': 'nil' },
    }),
    queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.spendTotalPrefix },
      ProjectionExpression: 'quarter, totalPence, localPence, smePence, vcsePence, criteriaPence',
    }),
  ]);
  const quarters = new Set<string>();
  for (const item of returns) {
    if (returnReports({ lines: (item.lines ?? []) as SpendAmounts[], nil: item.nil as boolean | undefined }))
      quarters.add(item.quarter as string);
  }
  for (const item of totals) if (!isZero(amountsOf(item))) quarters.add(item.quarter as string);
  return quarters;
}

/** The amounts of a stored total, missing attributes read as zero. */
export function amountsOf(item: Record<string, unknown>): SpendAmounts {
  return {
    totalPence: (item.totalPence as number | undefined) ?? 0,
    localPence: (item.localPence as number | undefined) ?? 0,
    smePence: (item.smePence as number | undefined) ?? 0,
    vcsePence: (item.vcsePence as number | undefined) ?? 0,
    criteriaPence: (item.criteriaPence as number | undefined) ?? 0,
  };
}
