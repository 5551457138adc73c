import { createHash } from 'node:crypto';
import { asOfDate } from '@compact-tracker/domain/buying-power';
import { currentCarbonFactors } from '@compact-tracker/store/carbon-factors';
import type { CompactRecord } from '@compact-tracker/store/compacts';
import type { Db } from '@compact-tracker/store/db';
import { allCompacts } from '@compact-tracker/store/report-inputs';
import type { BuyingPowerAggregates, ScoreAggregates } from '@compact-tracker/store/report-shapes';
import { latestPointer, type ReportJob, writeSnapshot } from '@compact-tracker/store/report-snapshots';
import { countingDb } from '@compact-tracker/store/request-counter';
import { buyingPowerFigures } from './aggregate-buying-power.ts';
import { scoreFigures } from './compute-scores.ts';
import { type InputsCache, loadCompactInputs, partnersInYear } from './inputs.ts';

// One run of a report job: for every open or closed compact (or those `compacts` selects) and every
// financial year from its first signature to the current one, compute the figures and write an
// immutable snapshot keyed by the job and the scheduled time. The same code runs from EventBridge
// Scheduler (functions/), the laptop's scheduler, `npm run aggregate` and POST /v1/admin/aggregations.

export const REPORT_JOBS: readonly ReportJob[] = ['aggregate-buying-power', 'compute-scores'];

export type RunOptions = {
  /** The run's idempotency key: a second run for the same scheduled time writes nothing new. */
  scheduledTime: string;
  now?: () => Date;
  /** Which compacts to cover (a coordinator's partnerships); all open and closed ones by default. */
  compacts?: (compact: CompactRecord) => boolean;
  /** Organisations read at once. */
  concurrency?: number;
};

export type JobSummary = {
  job: ReportJob;
  scheduledTime: string;
  startedAt: string;
  durationMs: number;
  compacts: number;
  /** Compact and year pairs computed. */
  snapshots: number;
  snapshotsWritten: number;
  /** Already written by a run for the same scheduled time: left as they were. */
  snapshotsExisting: number;
  /** The same figures as the latest snapshot's (its fingerprint): nothing written. */
  snapshotsUnchanged: number;
  /** Distinct signatories read (an organisation in two compacts counts once). */
  organisations: number;
  dynamoDbRequests: number;
  dynamoDbRequestsByCommand: Record<string, number>;
};

/** An ISO instant in one canonical form, so that "the same scheduled time" is the same key. */
export function canonicalTime(value: string | Date): string {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a time: ${String(value)}`);
  return at.toISOString();
}

export async function runReportJob(db: Db, job: ReportJob, options: RunOptions): Promise<JobSummary> {
  const scheduledTime = canonicalTime(options.scheduledTime);
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const counted = countingDb(db);
  const cache: InputsCache = new Map();
  const summary: JobSummary = {
    job,
    scheduledTime,
    startedAt: started.toISOString(),
    durationMs: 0,
    compacts: 0,
    snapshots: 0,
    snapshotsWritten: 0,
    snapshotsExisting: 0,
    snapshotsUnchanged: 0,
    organisations: 0,
    dynamoDbRequests: 0,
    dynamoDbRequestsByCommand: {},
  };
  const [compacts, carbon] = await Promise.all([
    allCompacts(counted.db),
    job === 'aggregate-buying-power' ? currentCarbonFactors(counted.db) : Promise.resolve(null),
  ]);
  const selected = compacts
    .filter((c) => c.status === 'open' || c.status === 'closed')
    .filter((c) => options.compacts?.(c) ?? true);
  for (const compact of selected) {
    summary.compacts += 1;
    const inputs = await loadCompactInputs(counted.db, compact, started, cache, options.concurrency ?? 16);
    const pointers = await Promise.all(
      inputs.financialYears.map((fy) => latestPointer(counted.db, compact.id, fy, job)),
    );
    let previousPower: { financialYear: string; aggregates: BuyingPowerAggregates } | null = null;
    let previousScores: { financialYear: string; aggregates: ScoreAggregates } | null = null;
    for (const [index, financialYear] of inputs.financialYears.entries()) {
      const partners = partnersInYear(inputs, financialYear);
      const asOf = asOfDate(financialYear, inputs.today);
      let figures: { aggregates: unknown; partners: unknown[] };
      if (job === 'aggregate-buying-power') {
        const power = buyingPowerFigures(partners, carbon as NonNullable<typeof carbon>, previousPower);
        previousPower = { financialYear, aggregates: power.aggregates };
        figures = power;
      } else {
        const scores = scoreFigures(partners, previousScores);
        previousScores = { financialYear, aggregates: scores.aggregates };
        figures = scores;
      }
      summary.snapshots += 1;
      // A closed year whose inputs did not change, or the current year again on the same day, has
      // the figures of the latest snapshot: nothing is written.
      const fingerprint = snapshotFingerprint(job, asOf, figures);
      const pointer = pointers[index];
      if (pointer?.fingerprint === fingerprint) {
        summary.snapshotsUnchanged += 1;
        continue;
      }
      const result = await writeSnapshot(counted.db, {
        compactId: compact.id,
        partnershipId: compact.partnershipId,
        financialYear,
        job,
        scheduledTime,
        generatedAt: started.toISOString(),
        asOf,
        partnerCount: partners.length,
        parts: 0,
        fingerprint,
        ...figures,
      });
      if (result === 'written') summary.snapshotsWritten += 1;
      else summary.snapshotsExisting += 1;
    }
  }
  const requests = counted.requests();
  summary.organisations = cache.size;
  summary.dynamoDbRequests = requests.total;
  summary.dynamoDbRequestsByCommand = requests.byCommand;
  summary.durationMs = Math.round(performance.now() - startedMs);
  return summary;
}

/**
 * What a snapshot holds, hashed: the job, the "as of" day and the figures (every aggregate and
 * partner row, computed from the budgets, returns, totals, assessments, signatures and carbon
 * factors), not the run's times. Equal fingerprints: the snapshot would say nothing new.
 */
export function snapshotFingerprint(job: ReportJob, asOf: string, figures: unknown): string {
  return createHash('sha256').update(JSON.stringify({ job, asOf, figures })).digest('base64url');
}

/** Both jobs, one after the other, for the same scheduled time. */
export async function runReportJobs(db: Db, options: RunOptions) {
  const jobs: JobSummary[] = [];
  for (const job of REPORT_JOBS) jobs.push(await runReportJob(db, job, options));
  return { scheduledTime: canonicalTime(options.scheduledTime), jobs };
}
