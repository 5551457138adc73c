import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
//
// Storage stays bounded: the LATEST pointer keeps the fingerprint of what its snapshot holds, and a
// run that would write the same again writes nothing (see the jobs' run). When LATEST moves on from
// a snapshot of the same day, that one is superseded: head and parts get `expiresAt` (the table's
// TTL attribute, epoch seconds) SUPERSEDED_DAYS later. The last snapshot of each day is kept, so the
// history stays readable day by day; reads leave out expired items that TTL has not deleted yet.

export const PARTNERS_PER_PART = 200;
/** How long a superseded snapshot (not the last of its day) is kept. */
export const SUPERSEDED_DAYS = 30;

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
  /** What the snapshot holds, hashed (figures and "as of" day, not its times): equal means unchanged. */
  fingerprint?: string;
  /** Epoch seconds: set when a later snapshot of the same day superseded this one. */
  expiresAt?: number;
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
        ProjectionExpression: 'generatedAt, runId, parts, fingerprint',
        ConsistentRead: true,
      }),
    );
    return existing.Item as HeadRef | undefined;
  };
  const existing = await existingHead();
  // The run that wrote the head may have died (or lost DynamoDB's reply) before moving the pointers.
  if (existing) {
    await movePointers(db, snapshot, existing);
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
    await movePointers(db, snapshot, (await existingHead()) ?? head);
    return 'exists';
  }
  await movePointers(db, snapshot, head);
  return 'written';
}

/** What the pointer needs of a written head (whichever run wrote it: its fingerprint, not ours). */
type HeadRef = { generatedAt: string; runId: string; parts: number; fingerprint?: string };

/** The LATEST pointer of a job for a compact and year. */
export type LatestPointer = {
  compactId: string;
  financialYear: string;
  job: ReportJob;
  scheduledTime: string;
  generatedAt: string;
  snapshotSK: string;
  runId?: string;
  parts?: number;
  fingerprint?: string;
};

/** The pointer alone (eventually consistent: a run compares fingerprints with it). */
export async function latestPointer(
  db: Db,
  compactId: string,
  financialYear: string,
  job: ReportJob,
): Promise<LatestPointer | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.reportLatest(compactId, financialYear, job) }),
  );
  return result.Item ? withoutKeys<LatestPointer>(result.Item) : null;
}

/** Points LATEST and the year's entry at a written head; a same-day snapshot it supersedes expires. */
async function movePointers(
  db: Db,
  snapshot: {
    compactId: string;
    financialYear: string;
    job: ReportJob;
    scheduledTime: string;
  },
  head: HeadRef,
) {
  const { compactId, financialYear, job, scheduledTime } = snapshot;
  const { generatedAt } = head;
  const headKey = keys.reportSnapshot(compactId, financialYear, job, scheduledTime);
  // The pointers only move forward: a late retry of an older run leaves a newer snapshot in place.
  await Promise.all([
    ignoreConditionFailure(
      db.doc
        .send(
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
              runId: head.runId,
              parts: head.parts,
              ...(head.fingerprint ? { fingerprint: head.fingerprint } : {}),
            },
            ConditionExpression: 'attribute_not_exists(PK) OR scheduledTime < :time',
            ExpressionAttributeValues: { ':time': scheduledTime },
            ReturnValues: 'ALL_OLD',
          }),
        )
        .then(async (result) => {
          const previous = result.Attributes as LatestPointer | undefined;
          if (previous && previous.scheduledTime.slice(0, 10) === scheduledTime.slice(0, 10)) {
            await expireSnapshot(db, previous, generatedAt);
          }
        }),
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

/** Marks a superseded snapshot's head and parts to expire SUPERSEDED_DAYS after `at`. */
async function expireSnapshot(db: Db, pointer: LatestPointer, at: string) {
  const expiresAt = Math.floor(Date.parse(at) / 1000) + SUPERSEDED_DAYS * 86_400;
  const { PK } = keys.reportLatest(pointer.compactId, pointer.financialYear, pointer.job);
  const sortKeys = [pointer.snapshotSK];
  // Pointers written before parts were recorded on them: their parts are found by their head.
  let parts = pointer.parts;
  let runId = pointer.runId;
  if (parts === undefined || runId === undefined) {
    const head = await db.doc.send(
      new GetCommand({
        TableName: db.table,
        Key: { PK, SK: pointer.snapshotSK },
        ProjectionExpression: 'runId, parts',
      }),
    );
    parts = (head.Item?.parts as number | undefined) ?? 0;
    runId = head.Item?.runId as string | undefined;
  }
  for (let part = 1; part <= parts; part += 1) {
    const { SK } = keys.reportSnapshotPart(
      pointer.compactId,
      pointer.financialYear,
      pointer.job,
      pointer.scheduledTime,
      part,
    );
    sortKeys.push(`${SK}#${runId}`);
  }
  await Promise.all(
    sortKeys.map((SK) =>
      ignoreConditionFailure(
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: { PK, SK },
            UpdateExpression: 'SET expiresAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':at': expiresAt },
          }),
        ),
      ),
    ),
  );
}

const live = (item: { expiresAt?: unknown }, nowSeconds: number) =>
  typeof item.expiresAt !== 'number' || item.expiresAt > nowSeconds;

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
  if (cached && live(cached, Math.floor(Date.now() / 1000))) return cached as Snapshot<A, P>;
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :head AND :last',
    ExpressionAttributeValues: {
      ':pk': keys.reportLatest(compactId, financialYear, job).PK,
      ':head': sk,
      ':last': `${sk}#PART#~`,
    },
  });
  // DynamoDB deletes expired items within days, not at once: an expired snapshot is not one.
  const nowSeconds = Math.floor(Date.now() / 1000);
  const head = items.find((item) => item.SK === sk);
  if (!head || !live(head, nowSeconds)) return null;
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

/** A snapshot in a year's history: when it was taken, and until when it is kept (if superseded). */
export type SnapshotEntry = {
  scheduledTime: string;
  generatedAt: string;
  asOf: string;
  /** Epoch seconds; absent for the latest and for the last snapshot of each day, which are kept. */
  expiresAt?: number;
};

/** The snapshots of a job for a compact and year, oldest first, without expired ones. */
export async function snapshotHistory(
  db: Db,
  compactId: string,
  financialYear: string,
  job: ReportJob,
  now: Date = new Date(),
): Promise<SnapshotEntry[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :job)',
    FilterExpression: '#type = :head AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':pk': keys.reportLatest(compactId, financialYear, job).PK,
      ':job': `${job}#`,
      ':head': 'report-snapshot',
      ':now': Math.floor(now.getTime() / 1000),
    },
    ProjectionExpression: 'scheduledTime, generatedAt, asOf, expiresAt',
  });
  return items.map((item) => item as SnapshotEntry);
}

/** How many snapshot heads a job has for a compact and year, expired ones left out (tests and diagnostics). */
export async function countSnapshots(db: Db, compactId: string, financialYear: string, job: ReportJob) {
  return (await snapshotHistory(db, compactId, financialYear, job)).length;
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
