import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Category } from '@compact-tracker/domain/categories';
import type { SpendAmounts } from '@compact-tracker/domain/spend';
import type { DateFormat, ImportMapping, ImportStatus } from '@compact-tracker/domain/spend-import';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { failedOnOwnWrite } from './own-write.ts';
import { queryAll, queryPage, withoutKeys } from './query.ts';
import { totalUpdate } from './spend-ledger.ts';

export type SpendImportCounters = {
  rowsTotal: number | null;
  rowsProcessed: number;
  rowsImported: number;
  rowsDuplicate: number;
  /** Rows already in the ledger that this import read otherwise: their lines were restated. */
  rowsRestated: number;
  rowsRejected: number;
  totalsByQuarter: Record<string, number>;
  /** Rows repeating another cell for cell without a transaction number: counted, listed (first 1,000). */
  possibleDuplicates: { row: number; of: number }[];
  /** Suppliers this import saw first, and the pence of its lines whose supplier is not classified. */
  newSuppliers?: number;
  unclassifiedPence?: number;
};

/** The counters of an import that has not read a row yet. */
export const initialCounters = (): SpendImportCounters => ({
  rowsTotal: null,
  rowsProcessed: 0,
  rowsImported: 0,
  rowsDuplicate: 0,
  rowsRestated: 0,
  rowsRejected: 0,
  totalsByQuarter: {},
  possibleDuplicates: [],
});

export type SpendImportRecord = SpendImportCounters & {
  id: string;
  organisationId: string;
  status: ImportStatus;
  mapping: ImportMapping;
  dateFormat: DateFormat;
  fileName?: string;
  uploadKey: string;
  createdAt: string;
  createdBy: string;
  startedAt?: string;
  finishedAt?: string;
  encoding?: string;
  error?: string;
  /** SHA-256 of the uploaded file's bytes (hex), and earlier imports of the organisation with the same. */
  fileSha256?: string;
  sameFileAs?: string[];
  /** Why the import waits in needs-review, grouped and counted. */
  reviewReasons?: { reason: string; rows: number; firstRow: number; suggestedDateFormat?: DateFormat }[];
  /** Confirmed after review: import the valid rows whatever the share rejected. */
  confirmed?: boolean;
  confirmedBy?: string;
  revertedAt?: string;
  revertedBy?: string;
  /** While reverting: the status it is reverted from, and the lines undone of those to undo. */
  revertFrom?: ImportStatus;
  revertTotal?: number;
  revertDone?: number;
  /** A revert refused in the background (a later import restated rows meanwhile): why. */
  revertRefused?: string;
};

export type ImportEntry = {
  key: string;
  quarter: string;
  category: Category;
  date: string;
  amountPence: number;
  local: boolean;
  sme: boolean;
  vcse: boolean;
  criteria: boolean;
  supplierName: string;
  transactionId: string;
  row: number;
};

export async function createSpendImport(db: Db, record: SpendImportRecord): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...keys.spendImport(record.organisationId, record.id), type: 'spend-import', ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (!failedOnOwnWrite(error, record)) throw error;
  }
}

export async function getSpendImport(db: Db, organisationId: string, importId: string) {
  const result = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.spendImport(organisationId, importId),
      ConsistentRead: true,
    }),
  );
  return result.Item ? withoutKeys<SpendImportRecord>(result.Item) : null;
}

export async function listSpendImports(
  db: Db,
  organisationId: string,
  page: { limit: number; cursor?: string },
) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.organisation(organisationId).PK, ':prefix': 'IMPORT#' },
      ScanIndexForward: false,
    },
    page,
    (item) => withoutKeys<SpendImportRecord>(item),
  );
}

/** Sets status and counters (and any other fields given) on the import item, removing `remove`. */
export async function updateSpendImport(
  db: Db,
  organisationId: string,
  importId: string,
  fields: Partial<Omit<SpendImportRecord, 'id' | 'organisationId'>>,
  remove: ('error' | 'finishedAt' | 'reviewReasons')[] = [],
): Promise<void> {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return;
  const removing = remove.length > 0 ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : '';
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.spendImport(organisationId, importId),
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}${removing}`,
      ExpressionAttributeNames: Object.fromEntries([
        ...entries.map(([name], i) => [`#f${i}`, name]),
        ...remove.map((name, i) => [`#r${i}`, name]),
      ]),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
      ConditionExpression: 'attribute_exists(PK)',
    }),
  );
}

const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);
const MAX_ATTEMPTS = 8;

export type WriteOutcome = {
  /** Entries this call wrote (their totals moved with them). */
  written: ImportEntry[];
  /** Entries already in the ledger, with the import that wrote them. */
  existing: { entry: ImportEntry; importId: string | undefined }[];
};

/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const MAX_TRANSACT_ITEMS = 100;

/** Items a transaction of these entries takes: one per entry, one per quarter and category total. */
export function transactionSize(entries: { quarter: string; category: string }[]): number {
  return entries.length + new Set(entries.map((e) => `${e.quarter}#${e.category}`)).size;
}

/**
 * Writes entries of one organisation (as many as fit in one transaction) with their totals in one transaction. Entries whose
 * key is already in the ledger are left out and the rest retried; conflicts and throttling are
 * retried with backoff. Run twice, it writes nothing the second time: totals stay exact.
 */
export async function writeImportEntries(
  db: Db,
  organisationId: string,
  importId: string,
  entries: ImportEntry[],
): Promise<WriteOutcome> {
  if (transactionSize(entries) > MAX_TRANSACT_ITEMS)
    throw new RangeError('too many entries for one transaction');
  let pending = entries;
  const existing: WriteOutcome['existing'] = [];
  for (let attempt = 1; pending.length > 0; attempt++) {
    try {
      await db.doc.send(
        new TransactWriteCommand({ TransactItems: transactItems(db, organisationId, importId, pending) }),
      );
      return { written: pending, existing };
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] })
        .CancellationReasons;
      if (!(error instanceof Error) || !reasons) {
        if (attempt < MAX_ATTEMPTS && isRetryableError(error)) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      const duplicates = new Set<number>();
      reasons.slice(0, pending.length).forEach((reason, index) => {
        if (reason.Code === 'ConditionalCheckFailed') duplicates.add(index);
      });
      if (duplicates.size > 0) {
        for (const index of duplicates) {
          const entry = pending[index] as ImportEntry;
          existing.push({ entry, importId: importIdOf(reasons[index]?.Item) });
        }
        pending = pending.filter((_, index) => !duplicates.has(index));
        continue;
      }
      if (attempt < MAX_ATTEMPTS && reasons.some((r) => RETRYABLE_REASONS.has(r.Code ?? ''))) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
  return { written: [], existing };
}

/** The old item comes back in a cancellation reason in DynamoDB's own attribute format. */
function importIdOf(item: Record<string, unknown> | undefined): string | undefined {
  const value = item?.importId as { S?: string } | string | undefined;
  return typeof value === 'string' ? value : value?.S;
}

function transactItems(db: Db, organisationId: string, importId: string, entries: ImportEntry[]) {
  const totals = new Map<string, { quarter: string; category: Category; amounts: SpendAmounts }>();
  for (const e of entries) {
    const id = `${e.quarter}#${e.category}`;
    const current = totals.get(id) ?? {
      quarter: e.quarter,
      category: e.category,
      amounts: { totalPence: 0, localPence: 0, smePence: 0, vcsePence: 0, criteriaPence: 0 },
    };
    current.amounts.totalPence += e.amountPence;
    if (e.local) current.amounts.localPence += e.amountPence;
    if (e.sme) current.amounts.smePence += e.amountPence;
    if (e.vcse) current.amounts.vcsePence += e.amountPence;
    if (e.criteria) current.amounts.criteriaPence += e.amountPence;
    totals.set(id, current);
  }
  return [
    ...entries.map((e) => ({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.spendTransaction(organisationId, e.quarter, e.key),
          type: 'spend-transaction',
          organisationId,
          importId,
          ...e,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    })),
    ...[...totals.values()].map((t) => totalUpdate(db, organisationId, t.quarter, t.category, t.amounts)),
  ];
}

function isRetryableError(error: unknown): boolean {
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

export type Rejection = { row: number; reason: string };

/** Keeps each rejected row under the import, keyed by row number (a re-run overwrites them). */
export async function putRejections(db: Db, importId: string, rejections: Rejection[]): Promise<void> {
  for (let i = 0; i < rejections.length; i += 25) {
    let requests = rejections.slice(i, i + 25).map((r) => ({
      PutRequest: {
        Item: { ...keys.spendImportRejection(importId, r.row), type: 'spend-import-rejection', ...r },
      },
    }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as typeof requests;
      if (requests.length > 0) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('DynamoDB kept refusing to write rejected rows');
        await backoff(attempt);
      }
    }
  }
}

/** The first `limit` rejected rows in row order. */
export async function listRejections(db: Db, importId: string, limit: number): Promise<Rejection[]> {
  const page = await queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.spendImportRejection(importId, 0).PK, ':prefix': 'REJECTED#' },
    },
    { limit },
    (item) => ({ row: item.row as number, reason: item.reason as string }),
  );
  return page.items;
}

/** The organisation's other imports of a file with this SHA-256, oldest first. */
export async function importsOfFile(
  db: Db,
  organisationId: string,
  fileSha256: string,
  except: string,
): Promise<string[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    FilterExpression: 'fileSha256 = :sha',
    ProjectionExpression: 'id',
    ExpressionAttributeValues: {
      ':pk': keys.organisation(organisationId).PK,
      ':prefix': 'IMPORT#',
      ':sha': fileSha256,
    },
  });
  return items.map((item) => item.id as string).filter((id) => id !== except);
}

/** Forgets an import's rejected rows (before it runs again with another reading). */
export async function clearRejections(db: Db, importId: string): Promise<void> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.spendImportRejection(importId, 0).PK, ':prefix': 'REJECTED#' },
    ProjectionExpression: 'PK, SK',
  });
  for (let i = 0; i < items.length; i += 25) {
    let requests = items
      .slice(i, i + 25)
      .map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }));
      requests = (result.UnprocessedItems?.[db.table] ?? []) as typeof requests;
      if (requests.length > 0) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('DynamoDB kept refusing to delete rejected rows');
        await backoff(attempt);
      }
    }
  }
}

/** The rows an import restated, with their lines before and after (first `limit`, row order). */
export async function listRestated(db: Db, importId: string, limit: number) {
  const page = await queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.importRestated(importId, 0).PK,
        ':prefix': keys.importRestatedPrefix,
      },
    },
    { limit },
    (item) => {
      const { before, after } = item as { before: Record<string, unknown>; after: Record<string, unknown> };
      const { restatedBy: _by, restatedRow: _row, ...was } = before;
      return {
        row: item.row as number,
        date: item.date as string,
        amountPence: item.amountPence as number,
        transactionId: item.transactionId as string,
        before: was,
        after,
      };
    },
  );
  return page.items;
}

/** The import was not in a status the change needs (it changed meanwhile, or never was). */
export class ImportStatusChanged extends Error {
  constructor() {
    super('the import changed meanwhile');
    this.name = 'ImportStatusChanged';
  }
}

/**
 * Sets fields on the import only while its status is one of `from` (and, with `remove`, removes
 * those); throws ImportStatusChanged otherwise.
 */
export async function changeSpendImport(
  db: Db,
  organisationId: string,
  importId: string,
  from: ImportStatus[],
  fields: Partial<Omit<SpendImportRecord, 'id' | 'organisationId'>>,
  remove: (keyof SpendImportRecord)[] = [],
): Promise<void> {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  const removing = remove.length > 0 ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : '';
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.spendImport(organisationId, importId),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}${removing}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: Object.fromEntries([
          ['#status', 'status'],
          ...entries.map(([name], i) => [`#f${i}`, name]),
          ...remove.map((name, i) => [`#r${i}`, name]),
        ]),
        ExpressionAttributeValues: Object.fromEntries([
          ...entries.map(([, value], i) => [`:v${i}`, value]),
          ...from.map((status, i) => [`:s${i}`, status]),
        ]),
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
      throw new ImportStatusChanged();
    throw error;
  }
}
