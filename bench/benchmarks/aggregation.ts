// Both scheduled report jobs over one compact of growing size (eight quarters of ledger each):
// time and DynamoDB requests per run, beside a naive aggregation that reads every transaction of
// every signatory. The jobs' requests must grow with signatories (constant per signatory) and not
// with transactions: one more case doubles the transactions and expects the same requests.

import { REPORT_JOBS, runReportJob } from '@compact-tracker/jobs/reports/run';
import { createDb, type Db } from '@compact-tracker/store/db';
import { keys } from '@compact-tracker/store/keys';
import { queryAll } from '@compact-tracker/store/query';
import { batchWriteAll } from '../lib/batch-write.ts';
import { countRequests, type RequestCounts } from '../lib/dynamodb-request-counter.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import { SEEDED_QUARTERS } from '../lib/seed-constants.ts';
import { compactItem, signatoryItems } from '../lib/signatories-with-ledger.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const COMPACT_ID = 'BENCHCOMPACT';
/** Queries in flight for the naive reader: the jobs read 16 organisations at once, two queries each. */
const NAIVE_CONCURRENCY = 32;
const SEED_CONCURRENCY = 8;
const TIME_GOAL = { signatories: 1000, seconds: 10 };
/** Requests per signatory at every size within this fraction of the smallest size's. */
const PER_SIGNATORY_TOLERANCE = 0.2;

type Measured = { seconds: number; counts: RequestCounts };
type Run = { jobs: Record<string, Measured>; naive: Measured };

export const aggregation: Benchmark = {
  name: 'aggregation',
  async run({ quick, endpoint, log }) {
    const sizes = quick ? [100] : [100, 1000, 5000];
    const perQuarter = quick ? 3 : 10; // at least 3: every category has a total at any size
    // Repeats take the fastest run, for a machine that others share; requests are the first run's.
    const repeats = quick ? 1 : 2;
    const rows: BenchRow[] = [];
    const runs = new Map<number, Run>();

    // One table grows through the sizes: each size adds signatories to the same compact.
    await withScratchTable(endpoint, 'bench-aggregation', async (table) => {
      const { db, counter } = countedDb(endpoint, table);
      const ledger = { total: 0 };
      let seeded = 0;
      for (const size of sizes) {
        const at = performance.now();
        const items = [compactItem(COMPACT_ID, size)];
        const written = await batchWriteAll(
          db,
          (function* () {
            yield* items;
            yield* signatoryItems(COMPACT_ID, { from: seeded, to: size }, perQuarter, ledger);
          })(),
          SEED_CONCURRENCY,
        );
        seeded = size;
        log(
          `${size} signatories: seeded ${written} items in ${((performance.now() - at) / 1000).toFixed(1)} s`,
        );
        const run = await measure(db, counter, size, ledger.total, repeats);
        runs.set(size, run);
        log(`${size} signatories: ${describe(run)}`);
      }
    });

    // The smallest size again with twice the transactions, in a table of its own.
    const doubled = await withScratchTable(endpoint, 'bench-aggregation-doubled', async (table) => {
      const { db, counter } = countedDb(endpoint, table);
      const ledger = { total: 0 };
      const size = sizes[0] as number;
      await batchWriteAll(
        db,
        (function* () {
          yield compactItem(COMPACT_ID, size);
          yield* signatoryItems(COMPACT_ID, { from: 0, to: size }, perQuarter * 2, ledger);
        })(),
        SEED_CONCURRENCY,
      );
      const run = await measure(db, counter, size, ledger.total, 1);
      log(`${size} signatories, ${perQuarter * 2} transactions a quarter: ${describe(run)}`);
      return run;
    });

    const smallest = runs.get(sizes[0] as number) as Run;
    const perSignatory = (m: Measured, size: number) => m.counts.requests / size;
    for (const [size, run] of runs) {
      for (const job of REPORT_JOBS) {
        const m = run.jobs[job] as Measured;
        const base = {
          benchmark: 'aggregation',
          case: `${size.toLocaleString('en-GB')} signatories, ${job}`,
          baselineLabel: `naive, reads all ${perQuarter}/quarter transactions`,
        };
        const ratio =
          perSignatory(m, size) / perSignatory(smallest.jobs[job] as Measured, sizes[0] as number);
        rows.push(
          {
            ...base,
            metric: 'time',
            value: m.seconds,
            unit: 's',
            baseline: run.naive.seconds,
            ...(size === TIME_GOAL.signatories
              ? { goal: `< ${TIME_GOAL.seconds} s`, met: m.seconds < TIME_GOAL.seconds }
              : {}),
          },
          {
            ...base,
            metric: 'requests',
            value: m.counts.requests,
            unit: '',
            baseline: run.naive.counts.requests,
          },
          {
            ...base,
            metric: 'requests/signatory',
            value: perSignatory(m, size),
            unit: '',
            baseline: perSignatory(run.naive, size),
            ...(size === sizes[0]
              ? {}
              : {
                  goal: `within ${PER_SIGNATORY_TOLERANCE * 100}% of ${sizes[0]} signatories' (${ratio.toFixed(2)}x)`,
                  met: Math.abs(ratio - 1) <= PER_SIGNATORY_TOLERANCE,
                }),
          },
          {
            ...base,
            metric: 'items read',
            value: m.counts.itemsRead,
            unit: '',
            baseline: run.naive.counts.itemsRead,
          },
        );
      }
    }
    for (const job of REPORT_JOBS) {
      const m = doubled.jobs[job] as Measured;
      const same = smallest.jobs[job] as Measured;
      const base = {
        benchmark: 'aggregation',
        case: `${sizes[0]} signatories, ${perQuarter * 2}/quarter transactions, ${job}`,
        baselineLabel: `same job, ${perQuarter}/quarter`,
      };
      rows.push(
        {
          ...base,
          metric: 'requests',
          value: m.counts.requests,
          unit: '',
          baseline: same.counts.requests,
          goal: 'unchanged (±1%)',
          met: Math.abs(m.counts.requests - same.counts.requests) <= 0.01 * same.counts.requests,
        },
        {
          ...base,
          metric: 'items read',
          value: m.counts.itemsRead,
          unit: '',
          baseline: same.counts.itemsRead,
        },
      );
    }
    rows.push({
      benchmark: 'aggregation',
      case: `${sizes[0]} signatories, ${perQuarter * 2}/quarter transactions, naive`,
      metric: 'items read',
      value: doubled.naive.counts.itemsRead,
      unit: '',
      baseline: smallest.naive.counts.itemsRead,
      baselineLabel: `naive, ${perQuarter}/quarter`,
    });
    return rows;
  },
};

function countedDb(endpoint: string, table: string) {
  const db = createDb({ endpoint, table });
  return { db, counter: countRequests(db.doc) };
}

async function measure(
  db: Db,
  counter: ReturnType<typeof countRequests>,
  signatories: number,
  ledgerPence: number,
  repeats: number,
): Promise<Run> {
  const jobs: Record<string, Measured> = {};
  for (const job of REPORT_JOBS) {
    for (let attempt = 0; attempt < repeats; attempt++) {
      counter.reset();
      const started = performance.now();
      // A scheduled time of its own and, for a repeat, the next day: the current year's snapshot
      // is written again (its "as of" day moved), closed years are unchanged and write nothing,
      // as on any later run in production.
      const summary = await runReportJob(db, job, {
        scheduledTime: new Date().toISOString(),
        now: () => new Date(Date.now() + attempt * 24 * 60 * 60 * 1000),
      });
      const seconds = (performance.now() - started) / 1000;
      const counts = counter.counts();
      const accounted = summary.snapshotsWritten + summary.snapshotsUnchanged === summary.snapshots;
      if (summary.organisations !== signatories || !accounted || summary.snapshotsWritten === 0) {
        throw new Error(
          `${job} read ${summary.organisations} of ${signatories} signatories: ${JSON.stringify(summary)}`,
        );
      }
      if (summary.dynamoDbRequests !== counts.requests) {
        throw new Error(
          `${job} counted ${summary.dynamoDbRequests} requests, the SDK sent ${counts.requests}`,
        );
      }
      const best = jobs[job];
      jobs[job] = { seconds: Math.min(seconds, best?.seconds ?? seconds), counts: best?.counts ?? counts };
    }
  }
  let naive: Measured | undefined;
  for (let attempt = 0; attempt < repeats; attempt++) {
    counter.reset();
    const started = performance.now();
    const pence = await naiveLedgerTotal(db);
    const seconds = (performance.now() - started) / 1000;
    if (pence !== ledgerPence) throw new Error(`the naive reader summed ${pence} pence of ${ledgerPence}`);
    naive = {
      seconds: Math.min(seconds, naive?.seconds ?? seconds),
      counts: naive?.counts ?? counter.counts(),
    };
  }
  return { jobs, naive: naive as Measured };
}

/** The aggregation without the ledger's totals: every signatory's every transaction, summed. */
async function naiveLedgerTotal(db: Db): Promise<number> {
  const register = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :participant)',
    ExpressionAttributeValues: { ':pk': keys.compactPk(COMPACT_ID), ':participant': keys.participantPrefix },
    ProjectionExpression: 'organisationId',
  });
  const partitions = register.flatMap((row) =>
    SEEDED_QUARTERS.map((quarter) => keys.spendTransaction(row.organisationId as string, quarter, '').PK),
  );
  let total = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: NAIVE_CONCURRENCY }, async () => {
      while (next < partitions.length) {
        const pk = partitions[next++];
        const items = await queryAll(db, {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        });
        for (const item of items) total += item.amountPence as number;
      }
    }),
  );
  return total;
}

function describe(run: Run): string {
  const job = (name: string, m: Measured) =>
    `${name} ${m.seconds.toFixed(2)} s, ${m.counts.requests} requests, ${m.counts.itemsRead} items read`;
  return [...Object.entries(run.jobs).map(([name, m]) => job(name, m)), job('naive', run.naive)].join('; ');
}
