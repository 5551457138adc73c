import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import type { ReportJob } from './report-snapshots.ts';

// Report runs started on demand (POST /v1/admin/aggregations): the request, then each job's state
// as the job functions (or the laptop's background runner) record it. The run's status is derived
// from its jobs' on every read, so the two jobs, running at once in two functions, never race on it.
// Runs expire (TTL) RUN_DAYS after they were requested.

export const REPORT_RUN_JOBS: readonly ReportJob[] = ['aggregate-buying-power', 'compute-scores'];
export const RUN_DAYS = 30;

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export type RunJobState = {
  status: RunStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  compacts?: number;
  /** Compact and year pairs looked at. */
  snapshots?: number;
  snapshotsWritten?: number;
  /** Pairs whose inputs had not changed since their latest snapshot: nothing written. */
  snapshotsUnchanged?: number;
  dynamoDbRequests?: number;
  /** What went wrong, for the people who run the service (never a stack trace). */
  error?: string;
};

/** What starts a run's jobs: the job functions' payload (with `job`), and the laptop runner's. */
export type ReportRunRequest = {
  runId: string;
  /** The run's key for its snapshots (the time it was requested, ISO). */
  scheduledTime: string;
  /** The coordinator's partnerships whose compacts to cover; null: every compact (an admin's run). */
  partnershipIds: string[] | null;
};

/** Starts a run's jobs in the background and returns once they are on their way. */
export type StartReportRun = (request: ReportRunRequest) => Promise<void>;

export type AggregationRun = {
  id: string;
  status: RunStatus;
  scope: 'all' | 'partnerships';
  partnershipIds: string[] | null;
  requestedBy: string;
  requestedAt: string;
  scheduledTime: string;
  jobs: Record<ReportJob, RunJobState>;
};

/** The run's status from its jobs': failed if one failed, succeeded when all did, else running or queued. */
export function runStatus(jobs: Record<ReportJob, RunJobState>): RunStatus {
  const states = REPORT_RUN_JOBS.map((job) => jobs[job]?.status ?? 'queued');
  if (states.includes('failed')) return 'failed';
  if (states.every((s) => s === 'succeeded')) return 'succeeded';
  if (states.every((s) => s === 'queued')) return 'queued';
  return 'running';
}

export async function createAggregationRun(
  db: Db,
  run: Omit<AggregationRun, 'status' | 'jobs'>,
): Promise<AggregationRun> {
  const jobs = Object.fromEntries(REPORT_RUN_JOBS.map((job) => [job, { status: 'queued' }])) as Record<
    ReportJob,
    RunJobState
  >;
  const put = db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.aggregationRun(run.id),
        type: 'aggregation-run',
        ...run,
        jobs,
        expiresAt: Math.floor(Date.parse(run.requestedAt) / 1000) + RUN_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  try {
    await put;
  } catch (error) {
    // Ids are new ULIDs: the item found is this request's own, written before a lost reply and
    // found by the SDK's retry.
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
  return { ...run, status: 'queued', jobs };
}

export async function getAggregationRun(db: Db, id: string): Promise<AggregationRun | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.aggregationRun(id), ConsistentRead: true }),
  );
  const item = result.Item;
  if (!item) return null;
  const jobs = item.jobs as Record<ReportJob, RunJobState>;
  return {
    id: item.id,
    status: runStatus(jobs),
    scope: item.scope,
    partnershipIds: item.partnershipIds ?? null,
    requestedBy: item.requestedBy,
    requestedAt: item.requestedAt,
    scheduledTime: item.scheduledTime,
    jobs,
  };
}

/**
 * Records a job's state on its run. A finished job's state is not moved back to running (a late
 * retry of an invocation that had already finished); a missing run is left missing.
 */
export async function recordRunJob(db: Db, id: string, job: ReportJob, state: RunJobState): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.aggregationRun(id),
        UpdateExpression: 'SET jobs.#job = :state',
        ConditionExpression:
          state.status === 'running'
            ? 'attribute_exists(PK) AND NOT jobs.#job.#status IN (:succeeded)'
            : 'attribute_exists(PK)',
        ExpressionAttributeNames: {
          '#job': job,
          ...(state.status === 'running' ? { '#status': 'status' } : {}),
        },
        ExpressionAttributeValues: {
          ':state': state,
          ...(state.status === 'running' ? { ':succeeded': 'succeeded' } : {}),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}
