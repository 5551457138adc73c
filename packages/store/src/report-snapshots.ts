import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';

// Immutable report snapshots. A run of a job writes, per compact and financial year, its partner
// rows in parts of PARTNERS_PER_PART (so that no item nears DynamoDB's 400 KB, whatever the size
// of the partnership), then the head item with the aggregates, with attribute_not_exists on a key
// made of the job and the scheduled time: the same scheduled run twice writes nothing the second
// time. Only then does the job's LATEST pointer move, so readers never see a half-written snapshot.

export const PARTNERS_PER_PART = 200;

export type ReportJob = 'aggregate-buying-power' | 'compute-scores';

export type SnapshotHead<A> = {
  compactId: string;
  partnershipId: string;
  financialYear: string;
  job: ReportJob;
  scheduledTime: string;
  generatedAt: string;
  /** The day the figures were taken on: the year's last day, or the run's day for the current year. */
  asOf: string;
  partnerCount: number;
  parts: number;
  aggregates: A;
};

export type Snapshot<A, P> = SnapshotHead<A> & { partners: P[] };

export type WriteResult = 'written' | 'exists';

const jobAttribute = (job: ReportJob) => (job === 'aggregate-buying-power' ? 'buyingPowerAt' : 'scoresAt');

export async function writeSnapshot<A, P>(db: Db, snapshot: Snapshot<A, P>): Promise<WriteResult> {
  const { partners, ...fields } = snapshot;
  const { compactId, financialYear, job, scheduledTime } = snapshot;
  const headKey = keys.reportSnapshot(compactId, financialYear, job, scheduledTime);
  const existing = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: headKey, ProjectionExpression: 'PK', ConsistentRead: true }),
  );
  if (existing.Item) return 'exists';

  const parts = chunk(partners, PARTNERS_PER_PART);
  // Unreferenced until the head exists: a retry after a crash may overwrite them freely.
  await Promise.all(
    parts.map((rows, index) =>
      db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            ...keys.reportSnapshotPart(compactId, financialYear, job, scheduledTime, index + 1),
            type: 'report-snapshot-part',
            part: index + 1,
            partners: rows,
          },
        }),
      ),
    ),
  );
  const head: SnapshotHead<A> = { ...fields, parts: parts.length, partnerCount: partners.length };
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...headKey, type: 'report-snapshot', ...head },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'exists';
    throw error;
  }
  // The pointers only move forward: a late retry of an older run leaves a newer snapshot in place.
  await Promise.all([
    ignoreConditionFailure(
      db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            ...keys.reportLatest(compactId, financialYear, job),
            type: 'report-latest',
            compactId,
            financialYear,
            job,
            scheduledTime,
            generatedAt: head.generatedAt,
            snapshotSK: headKey.SK,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR scheduledTime < :time',
          ExpressionAttributeValues: { ':time': scheduledTime },
        }),
      ),
    ),
    ignoreConditionFailure(
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.reportYear(compactId, financialYear),
          UpdateExpression: 'SET #type = :type, compactId = :cid, financialYear = :fy, #job = :at',
          ConditionExpression: 'attribute_not_exists(#job) OR #job < :at',
          ExpressionAttributeNames: { '#type': 'type', '#job': jobAttribute(job) },
          ExpressionAttributeValues: {
            ':type': 'report-year',
            ':cid': compactId,
            ':fy': financialYear,
            ':at': head.generatedAt,
          },
        }),
      ),
    ),
  ]);
  return 'written';
}

/** The latest complete snapshot of a job for a compact and year, parts assembled; null if none. */
export async function latestSnapshot<A, P>(
  db: Db,
  compactId: string,
  financialYear: string,
  job: ReportJob,
): Promise<Snapshot<A, P> | null> {
  const pointer = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.reportLatest(compactId, financialYear, job) }),
  );
  const sk = pointer.Item?.snapshotSK as string | undefined;
  if (!sk) return null;
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :head AND :last',
    ExpressionAttributeValues: {
      ':pk': keys.reportLatest(compactId, financialYear, job).PK,
      ':head': sk,
      ':last': `${sk}#PART#~`,
    },
  });
  const head = items.find((item) => item.SK === sk);
  if (!head) return null;
  const partners = items
    .filter((item) => item.type === 'report-snapshot-part')
    .sort((a, b) => (a.part as number) - (b.part as number))
    .flatMap((item) => item.partners as P[]);
  return { ...withoutKeys<SnapshotHead<A>>(head), partners };
}

/** How many snapshot heads a job has for a compact and year (tests and diagnostics). */
export async function countSnapshots(db: Db, compactId: string, financialYear: string, job: ReportJob) {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :job)',
      FilterExpression: '#type = :head',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':pk': keys.reportLatest(compactId, financialYear, job).PK,
        ':job': `${job}#`,
        ':head': 'report-snapshot',
      },
      Select: 'COUNT',
    }),
  );
  return result.Count ?? 0;
}

export type ReportYearRecord = {
  compactId: string;
  financialYear: string;
  buyingPowerAt?: string;
  scoresAt?: string;
};

/** The financial years of a compact that have a snapshot of either job. */
export async function reportYears(db: Db, compactId: string): Promise<ReportYearRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':prefix': keys.reportYearPrefix },
  });
  return items.map((item) => withoutKeys<ReportYearRecord>(item));
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}

async function ignoreConditionFailure(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}
