import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CompactState } from '@compact-tracker/domain/compact';
import type { Db } from './db.ts';
import { type EventRecord, eventItem } from './events.ts';
import { keys } from './keys.ts';
import { encodeCursor, type Page } from './pagination.ts';
import { queryAll, queryPage, withoutKeys } from './query.ts';

export type CompactRecord = CompactState & {
  id: string;
  partnershipId: string;
  signatoryCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  closedAt?: string;
  /** Optimistic lock: every write of the compact expects the revision it read. */
  revision: number;
};

export class StaleRevisionError extends Error {
  constructor() {
    super('the compact was changed by someone else meanwhile; reload and try again');
    this.name = 'StaleRevisionError';
  }
}

function compactItem(record: CompactRecord) {
  return { ...keys.compact(record.id), ...keys.compactsIndex(record.id), type: 'compact', ...record };
}

/** The text of each version is kept, so a signature can always be shown the words it accepted. */
function versionItem(record: CompactRecord) {
  return {
    ...keys.compactVersion(record.id, record.version),
    type: 'compact-version',
    compactId: record.id,
    version: record.version,
    title: record.title,
    summary: record.summary,
    commitments: record.commitments,
    textSha256: record.textSha256,
    savedAt: record.updatedAt,
  };
}

export async function createCompact(db: Db, record: CompactRecord, event: EventRecord): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.partnership(record.partnershipId),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: compactItem(record),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        { Put: { TableName: db.table, Item: versionItem(record) } },
        { Put: { TableName: db.table, Item: eventItem(event) } },
      ],
    }),
  );
}

/**
 * Writes a changed compact if nobody else changed it since `expectedRevision`, with the text of
 * its (possibly new) version and an audit event, all in one transaction. The signatory count is
 * left alone: signatures maintain it in their own transactions.
 */
export async function saveCompact(
  db: Db,
  record: CompactRecord,
  expectedRevision: number,
  event: EventRecord,
): Promise<void> {
  const { id, signatoryCount: _count, ...fields } = record;
  const names: Record<string, string> = { '#revision': 'revision' };
  const values: Record<string, unknown> = { ':expected': expectedRevision };
  const sets = Object.entries(fields).map(([name, value], index) => {
    names[`#f${index}`] = name;
    values[`:v${index}`] = value;
    return `#f${index} = :v${index}`;
  });
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.compact(id),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: '#revision = :expected',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          { Put: { TableName: db.table, Item: versionItem(record) } },
          { Put: { TableName: db.table, Item: eventItem(event) } },
        ],
      }),
    );
  } catch (error) {
    if (isCancelledBy(error, 0, 'ConditionalCheckFailed')) throw new StaleRevisionError();
    throw error;
  }
}

/** The text of one version of a compact, as kept when it was written. */
export type CompactVersionRecord = {
  compactId: string;
  version: number;
  title: string;
  summary: string;
  commitments: string[];
  textSha256: string;
  savedAt: string;
};

/** Every version's text, oldest first (a compact has a handful). */
export async function compactVersions(db: Db, id: string): Promise<CompactVersionRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :version)',
    ExpressionAttributeValues: { ':pk': keys.compactPk(id), ':version': 'VERSION#' },
  });
  return items.map((item) => withoutKeys<CompactVersionRecord>(item));
}

export async function getCompact(db: Db, id: string): Promise<CompactRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.compact(id) }));
  return result.Item ? withoutKeys<CompactRecord>(result.Item) : null;
}

/**
 * One page of the compacts that `visible` keeps. Invisible ones (drafts, to most callers) are
 * skipped server-side, reading on until the page is full, and the cursor is made from the last
 * compact returned, never from a skipped one: a cursor is readable base64, and must not reveal
 * the id of a draft.
 */
export async function listCompacts(
  db: Db,
  page: { limit: number; cursor?: string | undefined },
  visible: (compact: CompactRecord) => boolean = () => true,
): Promise<Page<CompactRecord>> {
  const items: CompactRecord[] = [];
  let cursor = page.cursor;
  do {
    const result = await queryPage(
      db,
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'COMPACTS' },
      },
      { limit: page.limit, cursor },
      (item) => withoutKeys<CompactRecord>(item),
    );
    for (const compact of result.items) {
      if (!visible(compact)) continue;
      items.push(compact);
      if (items.length === page.limit) {
        const more = compact !== result.items.at(-1) || result.nextCursor !== null;
        return {
          items,
          nextCursor: more
            ? encodeCursor({ ...keys.compactsIndex(compact.id), ...keys.compact(compact.id) })
            : null,
        };
      }
    }
    cursor = result.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { items, nextCursor: null };
}

/** True when a transaction was cancelled because its item at `index` failed with `code`. */
export function isCancelledBy(error: unknown, index: number, code: string): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.[index]?.Code === code;
}
