// What a month on AWS costs, from measured units. Each user action runs once through its bundled
// function (the register, a report, a signature, a spend return) or its job (an import of 10,000
// rows, the hourly and daily report jobs for 1,000 signatories) against DynamoDB Local behind a
// recording proxy: DynamoDB read and write units are computed from the calls as AWS bills them
// (bench/lib/capacity-units.ts), Lambda GB-seconds from the time taken here and the functions'
// memory, API requests and bytes out from the answers. bench/lib/cost-model.ts then prices a month
// for one partnership of 50 and for national scale at eu-west-2 list prices.

import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { localSubject } from '@compact-tracker/local/token-issuer';
import { createDb } from '@compact-tracker/store/db';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { httpEvent, lambdaContext } from '../../test/lambda/events.ts';
import { waitingImport } from '../../test/support/spend-import-record.ts';
import { transparencyCsv } from '../../test/support/transparency-csv.ts';
import { inProcessApi } from '../lib/api-app.ts';
import { baselineClient } from '../lib/baseline-client.ts';
import { batchWriteAll } from '../lib/batch-write.ts';
import { bundleFunctions, importHandler } from '../lib/bundled-handlers.ts';
import { type Units, unitsOf, updatedKeys } from '../lib/capacity-units.ts';
import {
  type ActionUsage,
  ASSUMPTIONS,
  type Measured,
  priceMonth,
  priceTable,
  scales,
} from '../lib/cost-model.ts';
import { type RecordedCall, startRecorder } from '../lib/dynamodb-recorder.ts';
import { itemSize } from '../lib/item-size.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import { seedCompact } from '../lib/seed-compact.ts';
import { seedWorld, spendReturnBody } from '../lib/seed-world.ts';
import { compactItem, signatoryItems } from '../lib/signatories-with-ledger.ts';
import type { Benchmark, BenchOptions, BenchRow } from '../lib/types.ts';

/** Memory of the functions as the stack sets it (infra/constructs): GB. */
const API_GB = 1;
const JOB_GB = 1;
const IMPORT_GB = 1769 / 1024;
const REGISTER_ROWS = 50;
const NATIONAL_GOAL_DOLLARS = 250;

async function run({ quick, endpoint, workDir, log }: BenchOptions): Promise<BenchRow[]> {
  const importRows = quick ? 1000 : 10_000;
  const jobSignatories = quick ? 100 : 1000;
  const table = `bench-cost-${ulid()}`;
  const api = await inProcessApi({ endpoint, table, workDir });
  const world = await seedWorld(api.call, api.token, { representatives: 2 });
  await seedCompact(api.deps.db, {
    compactId: world.compactId,
    partnershipId: world.partnershipId,
    signatories: REGISTER_ROWS,
    organisationPrefix: 'COST',
    withCompact: false,
  });
  const scheduledTime = new Date().toISOString();
  for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
    await runReportJob(api.deps.db, job, { scheduledTime });
  }
  const fy = (await api.call('GET', `/v1/compacts/${world.compactId}/reports`)).body.items[0].financialYear;
  const compact = (await api.call('GET', `/v1/compacts/${world.compactId}`)).body;
  log(`seeded a compact of ${REGISTER_ROWS} signatories and its reports (${fy})`);

  const outfiles = await bundleFunctions(['compacts', 'spend', 'reports'] as const, workDir);
  const recorder = await startRecorder(endpoint);
  const client = baselineClient(endpoint);
  /** The recorded calls' units, with the sizes of updated items read once the action is over. */
  const unitsOfCalls = async (calls: RecordedCall[]): Promise<Units> => {
    const sizes = new Map<string, number>();
    for (const { table: name, key } of updatedKeys(calls)) {
      const found = await client.send(
        new GetItemCommand({ TableName: name, Key: key, ConsistentRead: true }),
      );
      sizes.set(JSON.stringify([name, key]), found.Item ? itemSize(found.Item) : 0);
    }
    return unitsOf(calls, (name, key) => sizes.get(JSON.stringify([name, key])) ?? 0);
  };
  const usageOf = (
    units: Units,
    extra: Omit<ActionUsage, 'readUnits' | 'writeUnits' | 'dynamoDbRequests'>,
  ) => ({
    readUnits: units.readUnits,
    writeUnits: units.writeUnits,
    dynamoDbRequests: units.requests,
    ...extra,
  });

  try {
    let copies = 0;
    /**
     * One API request through a fresh copy of the bundled function: its units are those of a
     * function with nothing cached. Its GB-seconds are those of the faster of it and the same
     * request once more on the now warm copy (a repeated write may be refused: timing only).
     */
    const apiAction = async (name: 'compacts' | 'spend' | 'reports', event: ReturnType<typeof httpEvent>) => {
      const handler = await importHandler(
        outfiles[name],
        { table, endpoint: recorder.endpoint },
        `cost-${copies++}`,
      );
      const timed = async () => {
        const started = performance.now();
        const answer = (await handler(structuredClone(event), lambdaContext(name))) as {
          statusCode: number;
          body?: string;
        };
        return { answer, seconds: (performance.now() - started) / 1000 };
      };
      recorder.take();
      const first = await timed();
      if (first.answer.statusCode >= 300)
        throw new Error(`${name}: ${first.answer.statusCode} ${first.answer.body}`);
      const units = await unitsOfCalls(recorder.take());
      const again = await timed();
      recorder.take();
      return usageOf(units, {
        lambdaInvocations: 1,
        lambdaGbSeconds: Math.min(first.seconds, again.seconds) * API_GB,
        apiRequests: 1,
        bytesOut: Buffer.byteLength(first.answer.body ?? ''),
      });
    };

    const rep = world.representatives[1] as (typeof world.representatives)[number];
    const claims = { sub: localSubject(rep.email), email: rep.email, name: 'Rep 1' };
    const register = await apiAction(
      'compacts',
      httpEvent('GET', `/v1/compacts/${world.compactId}/signatories`, { query: `limit=${REGISTER_ROWS}` }),
    );
    const report = await apiAction(
      'reports',
      httpEvent('GET', `/v1/compacts/${world.compactId}/reports/${fy}`),
    );
    const sign = await apiAction(
      'compacts',
      httpEvent('POST', `/v1/compacts/${world.compactId}/signatures`, {
        claims,
        body: {
          organisationId: rep.organisationId,
          signatoryName: 'Sam Signer',
          signatoryRole: 'Chief Executive',
          version: compact.version,
          textSha256: compact.textSha256,
          acceptCommitments: true,
        },
      }),
    );
    const spendReturn = await apiAction(
      'spend',
      httpEvent('PUT', `/v1/organisations/${rep.organisationId}/spend/2025-26-Q4`, {
        claims,
        body: spendReturnBody(0),
      }),
    );
    log('measured the register, a report, a signature and a spend return');

    // An import: the job's own calls (the upload's request and the import item are a few more).
    const csvPath = path.join(workDir, `cost-${importRows}.csv`);
    writeFileSync(csvPath, transparencyCsv({ rows: importRows }).bytes);
    const recordedDb = createDb({ endpoint: recorder.endpoint, table });
    const importId = ulid();
    await createSpendImport(api.deps.db, waitingImport(rep.organisationId, importId));
    recorder.take();
    let started = performance.now();
    await runSpendImport(recordedDb, rep.organisationId, importId, {
      open: async () => createReadStream(csvPath),
    });
    const importSeconds = (performance.now() - started) / 1000;
    const importCalls = recorder.take();
    const transactionItems = importCalls
      .filter((c) => c.operation === 'TransactWriteItems')
      .flatMap((c) =>
        (c.input.TransactItems as { Put?: { Item: never } }[]).flatMap((i) => (i.Put ? [i.Put.Item] : [])),
      );
    const averageTransactionBytes =
      transactionItems.reduce((sum, item) => sum + itemSize(item), 0) / Math.max(1, transactionItems.length);
    const imported = {
      ...usageOf(await unitsOfCalls(importCalls), {
        lambdaInvocations: 1,
        lambdaGbSeconds: importSeconds * IMPORT_GB,
        apiRequests: 2, // the upload URL and the import's status
        bytesOut: 2048,
      }),
      rows: importRows,
      averageTransactionBytes,
    };
    log(`measured an import of ${importRows} rows (${importSeconds.toFixed(1)} s)`);

    // The jobs, on a table of their own with one compact of `jobSignatories`, eight quarters each.
    const jobs = await withScratchTable(endpoint, `bench-cost-jobs-${ulid()}`, async (jobsTable) => {
      const plain = createDb({ endpoint, table: jobsTable });
      await batchWriteAll(
        plain,
        (function* () {
          yield compactItem('COSTJOBS', jobSignatories);
          yield* signatoryItems('COSTJOBS', { from: 0, to: jobSignatories }, 3, { total: 0 });
        })(),
        8,
      );
      const db = createDb({ endpoint: recorder.endpoint, table: jobsTable });
      const jobRun = async (job: 'aggregate-buying-power' | 'compute-scores', at: string) => {
        recorder.take();
        started = performance.now();
        const summary = await runReportJob(db, job, { scheduledTime: at });
        const seconds = (performance.now() - started) / 1000;
        const usage = usageOf(await unitsOfCalls(recorder.take()), {
          lambdaInvocations: 1,
          lambdaGbSeconds: seconds * JOB_GB,
          apiRequests: 0,
          bytesOut: 0,
        });
        return { usage, summary };
      };
      const first = new Date();
      const hourlyWriting = await jobRun('aggregate-buying-power', first.toISOString());
      const hourlyUnchanged = await jobRun(
        'aggregate-buying-power',
        new Date(first.getTime() + 1000).toISOString(),
      );
      const dailyWriting = await jobRun('compute-scores', first.toISOString());
      log(
        `measured the jobs for ${jobSignatories} signatories: hourly ${hourlyWriting.summary.snapshotsWritten} snapshots written, then ${hourlyUnchanged.summary.snapshotsUnchanged} unchanged`,
      );
      return {
        hourlyWriting: hourlyWriting.usage,
        hourlyUnchanged: hourlyUnchanged.usage,
        dailyWriting: dailyWriting.usage,
      };
    });

    const measured: Measured = {
      register,
      report,
      sign,
      spendReturn,
      import: imported,
      ...jobs,
      signatoriesInJobs: jobSignatories,
    };
    return rowsOf(measured, { importRows, jobSignatories, quick });
  } finally {
    await recorder.stop();
    client.destroy();
  }
}

function rowsOf(
  m: Measured,
  sizes: { importRows: number; jobSignatories: number; quick: boolean },
): BenchRow[] {
  const rows: BenchRow[] = [];
  const actions: [string, ActionUsage][] = [
    [`view the register (${REGISTER_ROWS} rows)`, m.register],
    ['view a report', m.report],
    ['sign', m.sign],
    ['submit a return', m.spendReturn],
    [`import ${sizes.importRows.toLocaleString('en-GB')} rows`, m.import],
    [`hourly job, ${sizes.jobSignatories} signatories, inputs changed`, m.hourlyWriting],
    [`hourly job, ${sizes.jobSignatories} signatories, nothing changed`, m.hourlyUnchanged],
    [`daily job, ${sizes.jobSignatories} signatories`, m.dailyWriting],
  ];
  for (const [action, u] of actions) {
    const row = (metric: string, value: number, unit: string) =>
      rows.push({ benchmark: 'cost', case: action, metric, value, unit, baseline: null });
    row('read units', u.readUnits, 'RRU');
    row('write units', u.writeUnits, 'WRU');
    row('DynamoDB requests', u.dynamoDbRequests, '');
    row('Lambda', u.lambdaGbSeconds, 'GB-s');
    row('API requests', u.apiRequests, '');
    row('bytes out', u.bytesOut, 'B');
  }
  for (const scale of scales) {
    const month = priceMonth(scale, m);
    const national = scale.organisations > 1000;
    const row = (metric: string, value: number, extra: Partial<BenchRow> = {}) =>
      rows.push({
        benchmark: 'cost',
        case: `month: ${scale.name}`,
        metric,
        value,
        unit: '$',
        baseline: null,
        ...extra,
      });
    for (const [component, dollars] of Object.entries(month.dollars)) row(component, dollars);
    row('total', month.total, {
      ...(national
        ? { goal: `<= $${NATIONAL_GOAL_DOLLARS}`, met: month.total <= NATIONAL_GOAL_DOLLARS }
        : {}),
      baselineLabel: `eu-west-2 list prices checked ${priceTable.checked}; edge cache hit ratio ${scale.edgeHitRatio}; ${scale.pageViews.toLocaleString('en-GB')} page views, ${scale.spendRowsPerYear.toLocaleString('en-GB')} spend rows a year${sizes.quick ? '; quick: small samples' : ''}`,
    });
    rows.push({
      benchmark: 'cost',
      case: `month: ${scale.name}`,
      metric: 'storage',
      value: month.storageGb,
      unit: 'GB',
      baseline: null,
      baselineLabel: `a year of spend rows; ${ASSUMPTIONS.logBytesPerInvocation} B of logs an invocation, ${ASSUMPTIONS.alarms} alarms`,
    });
  }
  return rows;
}

export const cost: Benchmark = { name: 'cost', run };
