import {
  REPORT_RUN_JOBS,
  type ReportRunRequest,
  recordRunJob,
  type StartReportRun,
} from '@compact-tracker/store/aggregation-runs';
import type { Db } from '@compact-tracker/store/db';
import type { ReportJob } from '@compact-tracker/store/report-snapshots';
import { type JobSummary, runReportJob } from './run.ts';

// A report run started on demand: each job records on the run item when it starts and how it
// ended, so that GET /v1/admin/aggregations/{id} and the report page can show progress. In AWS
// each job function runs its own job (invoked asynchronously); on the laptop and in tests the
// background runner below runs both in this process.

/** Runs one job of a requested run, recording its state on the run; rethrows a failure after recording it. */
export async function runRequestedJob(
  db: Db,
  job: ReportJob,
  request: ReportRunRequest,
  now: () => Date = () => new Date(),
): Promise<JobSummary> {
  const startedAt = now().toISOString();
  await recordRunJob(db, request.runId, job, { status: 'running', startedAt });
  const partnershipIds = request.partnershipIds;
  try {
    const summary = await runReportJob(db, job, {
      scheduledTime: request.scheduledTime,
      now,
      ...(partnershipIds ? { compacts: (c) => partnershipIds.includes(c.partnershipId) } : {}),
    });
    await recordRunJob(db, request.runId, job, {
      status: 'succeeded',
      startedAt,
      finishedAt: now().toISOString(),
      durationMs: summary.durationMs,
      compacts: summary.compacts,
      snapshots: summary.snapshots,
      snapshotsWritten: summary.snapshotsWritten,
      snapshotsUnchanged: summary.snapshotsUnchanged,
      dynamoDbRequests: summary.dynamoDbRequests,
    });
    return summary;
  } catch (error) {
    await recordRunJob(db, request.runId, job, {
      status: 'failed',
      startedAt,
      finishedAt: now().toISOString(),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }).catch(() => {});
    throw error;
  }
}

export type BackgroundReportRuns = {
  start: StartReportRun;
  /** Resolves when every run started so far has finished (tests, and a clean shutdown). */
  idle: () => Promise<void>;
};

/**
 * Runs requested runs in this process, after answering: both jobs one after the other. `db` is
 * asked for at the start of each run (tests swap the table client). Failures are recorded on the
 * run and logged.
 */
export function backgroundReportRuns(
  db: () => Db,
  options: { now?: () => Date; log?: (message: string, error: unknown) => void } = {},
): BackgroundReportRuns {
  const running = new Set<Promise<void>>();
  const log = options.log ?? ((message, error) => console.error(message, error));
  return {
    start: async (request) => {
      const table = db();
      const run = (async () => {
        // Answer first: the run starts on a later turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        for (const job of REPORT_RUN_JOBS) {
          try {
            await runRequestedJob(table, job, request, options.now);
          } catch (error) {
            log(`report run ${request.runId}: ${job} failed`, error);
          }
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
