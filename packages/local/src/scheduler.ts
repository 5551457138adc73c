import { runReportJob } from '@compact-tracker/jobs/reports/run';
import type { Db } from '@compact-tracker/store/db';
import type { ReportJob } from '@compact-tracker/store/report-snapshots';

// The laptop's EventBridge Scheduler: the same report jobs in-process on timers, buying power
// every hour and scores every day, each once shortly after start. The scheduled time (the run's
// idempotency key) is the tick's time truncated to the minute, as the scheduler's would be.

export type SchedulerOptions = {
  db: Db;
  now?: () => Date;
  /** Milliseconds between runs of each job. */
  every?: Partial<Record<ReportJob, number>>;
  /** The first runs, this long after start. */
  firstAfterMs?: number;
  log?: (message: string) => void;
};

const HOUR = 60 * 60 * 1000;

export const truncateToMinute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

export function startScheduler(options: SchedulerOptions): { stop: () => Promise<void> } {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message) => console.log(message));
  const every: Record<ReportJob, number> = {
    'aggregate-buying-power': options.every?.['aggregate-buying-power'] ?? HOUR,
    'compute-scores': options.every?.['compute-scores'] ?? 24 * HOUR,
  };
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  // One run of a job at a time: a tick that finds the previous run still going is skipped.
  const busy = new Set<ReportJob>();
  const tick = (job: ReportJob) => {
    if (stopped || busy.has(job)) return;
    busy.add(job);
    const scheduledTime = truncateToMinute(now()).toISOString();
    const run = runReportJob(options.db, job, { scheduledTime, now })
      .then((s) =>
        log(
          `${job} ${scheduledTime}: ${s.snapshotsWritten} snapshots written, ${s.snapshotsExisting} already there, ${s.compacts} compacts, ${s.dynamoDbRequests} DynamoDB requests, ${s.durationMs} ms`,
        ),
      )
      .catch((error: Error) => log(`${job} ${scheduledTime} failed: ${error.message}`))
      .finally(() => {
        busy.delete(job);
        running.delete(run);
      });
    running.add(run);
  };
  for (const job of Object.keys(every) as ReportJob[]) {
    const first = setTimeout(() => {
      tick(job);
      const repeat = setInterval(() => tick(job), every[job]);
      repeat.unref();
      timers.push(repeat);
    }, options.firstAfterMs ?? 5_000);
    first.unref();
    timers.push(first);
  }
  return {
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
