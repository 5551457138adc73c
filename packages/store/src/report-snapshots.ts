import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';

// Immutable report snapshots. A run of a job writes, per compact and financial year, its partner
// rows in parts of PARTNERS_PER_PART (so that no item nears DynamoDB's 400 KB, whatever the size
// of the partnership), then the head item with the aggregates, with attribute_not_exists on a key
// made of the job and the scheduled time: the same scheduled run twice writes nothing the second
// time. Only then does the job's LATEST pointer move, so readers never see a half-written snapshot.
// Parts carry their run's id in key and item, and the head names the run whose parts it counts: two
// runs for the same scheduled time at once (a retry overlapping a slow run) cannot mix their rows.

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
  const existingHead = async () => {
    const existing = await db.doc.send(
      new GetCommand({
        TableName: db.table,
        Key: headKey,
        ProjectionExpression: 'generatedAt',
        ConsistentRead: true,
      }),
    );
    return existing.Item as { generatedAt: string } | undefined;
  };
  const existing = await existingHead();
  // The run that wrote the head may have died (or lost DynamoDB's reply) before moving the pointers.
  if (existing) {
    await movePointers(db, snapshot, existing.generatedAt);
    return 'exists';
  }

  const runId = randomUUID();
  const parts = chunk(partners, PARTNERS_PER_PART);
  // Unreferenced until the head exists: a retry after a crash may overwrite them freely.
  await Promise.all(
    parts.map((rows, index) =>
      db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            PK: headKey.PK,
            SK: `${keys.reportSnapshotPart(compactId, financialYear, job, scheduledTime, index + 1).SK}#${runId}`,
            type: 'report-snapshot-part',
            part: index + 1,
            runId,
            partners: rows,
          },
        }),
      ),
    ),
  );
  const head: SnapshotHead<A> & { runId: string } = {
    ...fields,
    parts: parts.length,
    partnerCount: partners.length,
    runId,
  };
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...headKey, type: 'report-snapshot', ...head },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    // Another run's head, or ours whose reply was lost and the SDK's retry found written.
    await movePointers(db, snapshot, (await existingHead())?.generatedAt ?? head.generatedAt);
    return 'exists';
  }
  await movePointers(db, snapshot, head.generatedAt);
  return 'written';
}

/** Points LATEST and the year's entry at a written head. */
async function movePointers(
  db: Db,
  snapshot: { compactId: string; financialYear: string; job: ReportJob; scheduledTime: string },
  generatedAt: string,
) {
  const { compactId, financialYear, job, scheduledTime } = snapshot;
  const headKey = keys.reportSnapshot(compactId, financialYear, job, scheduledTime);
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
            generatedAt,
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
            ':at': generatedAt,
          },
        }),
      ),
    ),
  ]);
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
  const cacheKey = `${db.table}|${compactId}|${financialYear}|${sk}`;
  const cached = assembled.get(cacheKey);
  if (cached) return cached as Snapshot<A, P>;
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
    .filter((item) => item.type === 'report-snapshot-part' && item.runId === head.runId)
    .sort((a, b) => (a.part as number) - (b.part as number))
    .flatMap((item) => item.partners as P[]);
  const snapshot = { ...withoutKeys<SnapshotHead<A>>(head), partners };
  remember(cacheKey, snapshot);
  return snapshot;
}

// A written snapshot never changes (its head is written once, after its run's parts), so a warm
// function keeps the last few it assembled: a report read is then one pointer read per job,
// whatever the size of the partnership. Callers treat snapshots as read-only.
const CACHED_SNAPSHOTS = 16;
const assembled = new Map<string, Snapshot<unknown, unknown>>();

function remember(key: string, snapshot: Snapshot<unknown, unknown>) {
  assembled.delete(key);
  assembled.set(key, snapshot);
  while (assembled.size > CACHED_SNAPSHOTS) assembled.delete(assembled.keys().next().value as string);
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
