// A big compact's report still works: 2,000 signatories (each with a budget and eight quarters of
// returns) seeded straight into the table beside a 20-signatory compact, both report jobs run, every
// item in the table checked against DynamoDB's 400 KB limit, then the report read through the
// bundled reports function for both compacts in turn; the small compact's read is the baseline.

import { paginateScan } from '@aws-sdk/client-dynamodb';
import { runReportJob } from '@compact-tracker/jobs/reports/run';
import { ensureTable } from '@compact-tracker/local/dynamodb-local';
import { createDb } from '@compact-tracker/store/db';
import { ulid } from 'ulid';
import { httpEvent, lambdaContext } from '../../test/lambda/events.ts';
import { baselineClient } from '../lib/baseline-client.ts';
import { bundleFunctions, importHandler, type LambdaHandler } from '../lib/bundled-handlers.ts';
import { itemSize } from '../lib/item-size.ts';
import { percentiles } from '../lib/percentiles.ts';
import { seedCompact } from '../lib/seed-compact.ts';
import type { Benchmark, BenchOptions, BenchRow } from '../lib/types.ts';

const SMALL = 20;
const READS = 200;
const WARM_UP = 20;
const FINANCIAL_YEAR = '2025-26';

async function run({ quick, endpoint, workDir, log }: BenchOptions): Promise<BenchRow[]> {
  const big = quick ? 200 : 2000;
  const table = `bench-report-${ulid()}`;
  await ensureTable(endpoint, table);
  const db = createDb({ endpoint, table });
  const compacts = [
    { id: 'BIGCOMPACT', signatories: big },
    { id: 'SMALLCOMPACT', signatories: SMALL },
  ];
  const seedStarted = performance.now();
  let items = 0;
  for (const compact of compacts) {
    items += await seedCompact(db, {
      compactId: compact.id,
      partnershipId: 'BENCHP',
      signatories: compact.signatories,
      organisationPrefix: `${compact.id}-ORG`,
      withCompact: true,
    });
  }
  log(`seeded ${items} items in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const scheduledTime = new Date().toISOString();
  for (const job of ['aggregate-buying-power', 'compute-scores'] as const) {
    const summary = await runReportJob(db, job, { scheduledTime });
    log(`${job}: ${summary.snapshotsWritten} snapshots in ${(summary.durationMs / 1000).toFixed(1)} s`);
  }

  // Every item of the table, sized as DynamoDB counts it.
  const client = baselineClient(endpoint);
  let largest = { bytes: 0, key: '' };
  let scanned = 0;
  try {
    for await (const page of paginateScan({ client }, { TableName: table })) {
      for (const item of page.Items ?? []) {
        scanned++;
        const bytes = itemSize(item);
        if (bytes > largest.bytes) largest = { bytes, key: `${item.PK?.S} ${item.SK?.S}` };
      }
    }
  } finally {
    client.destroy();
  }
  log(`largest of ${scanned} items: ${(largest.bytes / 1024).toFixed(1)} KB (${largest.key})`);

  const { reports } = await bundleFunctions(['reports'], workDir);
  const handler: LambdaHandler = await importHandler(reports, { table, endpoint }, `report-size-${table}`);
  const read = async (compactId: string) => {
    const event = httpEvent('GET', `/v1/compacts/${compactId}/reports/${FINANCIAL_YEAR}`);
    const started = performance.now();
    const result = await handler(event, lambdaContext('reports'));
    const took = performance.now() - started;
    if (result.statusCode !== 200)
      throw new Error(`${compactId}: ${result.statusCode} ${result.body?.slice(0, 500)}`);
    return { took, body: result.body ?? '' };
  };
  // The report must be whole: every signatory in it.
  for (const compact of compacts) {
    const report = JSON.parse((await read(compact.id)).body);
    if (report.signatories !== compact.signatories || report.partners.length !== compact.signatories) {
      throw new Error(
        `${compact.id}: report of ${report.signatories} signatories with ${report.partners.length} partners, not ${compact.signatories}`,
      );
    }
  }
  const [bigCompact, smallCompact] = compacts as [(typeof compacts)[0], (typeof compacts)[0]];
  for (let i = 0; i < WARM_UP; i++) {
    await read(bigCompact.id);
    await read(smallCompact.id);
  }
  // Interleaved, in alternating order, so that a busy moment on the machine hits both alike.
  const bigMs: number[] = [];
  const smallMs: number[] = [];
  let bodyBytes = 0;
  for (let i = 0; i < READS; i++) {
    const order = i % 2 === 0 ? [bigCompact, smallCompact] : [smallCompact, bigCompact];
    for (const compact of order) {
      const { took, body } = await read(compact.id);
      (compact === bigCompact ? bigMs : smallMs).push(took);
      if (compact === bigCompact) bodyBytes = Buffer.byteLength(body);
    }
  }
  const b = percentiles(bigMs);
  const s = percentiles(smallMs);
  log(
    `report read: p99 ${b.p99.toFixed(1)} ms for ${big} signatories vs ${s.p99.toFixed(1)} ms for ${SMALL}`,
  );
  const label = `${SMALL} signatories`;
  const row = (figure: Omit<BenchRow, 'benchmark' | 'case'>): BenchRow => ({
    benchmark: 'report size',
    case: `${big} signatories`,
    ...figure,
  });
  return [
    row({
      metric: 'largest item',
      value: largest.bytes / 1024,
      unit: 'KB',
      baseline: null,
      goal: '< 400 KB',
      met: largest.bytes < 400 * 1024,
    }),
    row({ metric: 'report body', value: bodyBytes / 1024, unit: 'KB', baseline: null }),
    row({ metric: 'read p50', value: b.p50, unit: 'ms', baseline: s.p50, baselineLabel: label }),
    row({
      metric: 'read p99',
      value: b.p99,
      unit: 'ms',
      baseline: s.p99,
      baselineLabel: label,
      goal: `<= 2x ${label}`,
      met: b.p99 <= 2 * s.p99,
    }),
  ];
}

export const reportSize: Benchmark = { name: 'report size', run };
