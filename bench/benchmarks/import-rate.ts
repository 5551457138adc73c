// The spend import of a generated transparency-code CSV, streamed from disk, each case in a fresh
// process: rows per second (the file read three times: survey, review, import), held against
// BatchWriteItem of as many items as the import wrote (its entries plus the quarter totals moved
// with them) and against the same import without its review pass (its time less that of the
// survey and review passes alone), and the process's peak memory and retained heap.

import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transparencyCsv } from '../../test/support/transparency-csv.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import type { SpendImportChildResult, SpendImportChildTask } from '../lib/spend-import-child.ts';
import { runTsChild } from '../lib/ts-child-process.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

/** The import's own default: transactions in flight at once; the baseline keeps as many BatchWrites in flight. */
const CONCURRENCY = 4;
const PEAK_RSS_GOAL_MB = 200;
/** Files up to this size compare supplier resolution over three runs each; larger ones over one. */
const SUPPLIER_PAIRS_UP_TO = 10_000;
const RETAINED_HEAP_GOAL_MB = 50;
const child = path.join(import.meta.dirname, '../lib/spend-import-child.ts');
const runChild = (task: SpendImportChildTask) =>
  runTsChild<SpendImportChildResult>(child, [JSON.stringify(task)], { nodeFlags: ['--expose-gc'] });
const mb = (bytes: number) => bytes / 2 ** 20;

export const importRate: Benchmark = {
  name: 'import',
  async run({ quick, endpoint, workDir, log }) {
    const rows: BenchRow[] = [];
    // DynamoDB Local is a JVM: the first case would otherwise pay its warm-up.
    if (!quick) {
      const csvPath = writeCsv(workDir, 1000);
      await importFile(endpoint, csvPath, 1000).finally(() => rmSync(csvPath));
    }
    for (const size of quick ? [2000] : [10_000, 100_000]) {
      const { imported, baseline, transactional, review, withSuppliers, withoutSuppliers } = await measure(
        endpoint,
        workDir,
        size,
        log,
      );
      const caseName = `${size.toLocaleString('en-GB')} rows`;
      const importRows = size / imported.seconds;
      const baselineItems = ledgerItems(baseline) / baseline.seconds;
      const base = { benchmark: 'import', case: caseName };
      rows.push(
        {
          ...base,
          metric: 'rows/s (file rows)',
          value: importRows,
          unit: '/s',
          baseline: baselineItems,
          baselineLabel: `BatchWriteItem items/s, ${CONCURRENCY} in flight`,
          goal: '>= 0.5x baseline',
          met: importRows >= 0.5 * baselineItems,
        },
        {
          ...base,
          metric: 'rows/s (file rows)',
          value: importRows,
          unit: '/s',
          baseline: size / (imported.seconds - review.seconds),
          baselineLabel: 'one pass: the import less its survey and review passes',
        },
        {
          ...base,
          metric: 'review pass rows/s (survey + review, nothing written)',
          value: size / review.seconds,
          unit: '/s',
          baseline: importRows,
          baselineLabel: 'the whole import',
        },
        {
          ...base,
          metric: 'items/s (entries + totals)',
          value: ledgerItems(imported) / imported.seconds,
          unit: '/s',
          baseline: baselineItems,
          baselineLabel: `BatchWriteItem items/s, ${CONCURRENCY} in flight`,
        },
        {
          // DynamoDB Local runs one TransactWriteItems at a time per table (an exclusive table lock)
          // but BatchWriteItems side by side: this is the ceiling of any transactional import there.
          ...base,
          metric: 'rows/s (file rows)',
          value: importRows,
          unit: '/s',
          baseline: ledgerItems(transactional) / transactional.seconds,
          baselineLabel: `TransactWriteItems items/s, 100 a transaction, ${CONCURRENCY} in flight`,
        },
        {
          // Resolving each row's supplier and adding to spend by supplier in the same transactions.
          ...base,
          metric: 'rows/s with supplier resolution',
          value: size / withSuppliers.seconds,
          unit: '/s',
          baseline: size / withoutSuppliers.seconds,
          baselineLabel: `the same import without supplier resolution (${size <= SUPPLIER_PAIRS_UP_TO ? 'medians of 3 runs each, alternating' : 'one run each'})`,
          goal: '>= 0.9x baseline',
          met: withoutSuppliers.seconds >= 0.9 * withSuppliers.seconds,
        },
        {
          ...base,
          metric: 'peak RSS',
          value: mb(imported.rssPeakBytes),
          unit: 'MB',
          baseline: mb(baseline.rssPeakBytes),
          baselineLabel: 'BatchWriteItem process',
          goal: `< ${PEAK_RSS_GOAL_MB} MB`,
          met: mb(imported.rssPeakBytes) < PEAK_RSS_GOAL_MB,
        },
        {
          ...base,
          metric: 'heap retained after GC',
          value: mb(imported.heapRetainedBytes ?? 0),
          unit: 'MB',
          baseline: mb(baseline.heapRetainedBytes ?? 0),
          baselineLabel: 'BatchWriteItem process',
          goal: `< ${RETAINED_HEAP_GOAL_MB} MB`,
          met: mb(imported.heapRetainedBytes ?? Number.POSITIVE_INFINITY) < RETAINED_HEAP_GOAL_MB,
        },
      );
    }
    return rows;
  },
};

/**
 * Items written to the ledger: for the import every item of its transactions (entries and total
 * updates; not the rejected rows or the import item's progress), for a baseline every item it wrote.
 */
function ledgerItems(result: SpendImportChildResult): number {
  const byCommand = result.counts.itemsWrittenByCommand;
  return (byCommand.TransactWriteItems ?? 0) + (result.status ? 0 : (byCommand.BatchWriteItem ?? 0));
}

/** Generated here and written to disk, so that the import's process holds none of it. */
function writeCsv(workDir: string, rows: number): string {
  const csvPath = path.join(workDir, `spend-${rows}.csv`);
  writeFileSync(csvPath, transparencyCsv({ rows, invalidEvery: 1000 }).bytes);
  return csvPath;
}

async function importFile(endpoint: string, csvPath: string, rows: number) {
  const imported = await withScratchTable(endpoint, `bench-import-${rows}`, (table) =>
    runChild({ mode: 'import', endpoint, table, csvPath, organisationId: 'BENCHORG' }),
  );
  if (imported.status !== 'completed' || imported.rowsProcessed !== rows) {
    throw new Error(
      `the import of ${rows} rows ended ${imported.status} after ${imported.rowsProcessed} rows`,
    );
  }
  return imported;
}

async function measure(endpoint: string, workDir: string, size: number, log: (message: string) => void) {
  // Generated here and written to disk, so that the import's process holds none of it.
  const csvPath = path.join(workDir, `spend-${size}.csv`);
  writeFileSync(csvPath, transparencyCsv({ rows: size, invalidEvery: 1000 }).bytes);

  const imported = await withScratchTable(endpoint, `bench-import-${size}`, (table) =>
    runChild({ mode: 'import', endpoint, table, csvPath, organisationId: 'BENCHORG' }),
  );
  if (imported.status !== 'completed' || imported.rowsProcessed !== size) {
    throw new Error(
      `the import of ${size} rows ended ${imported.status} after ${imported.rowsProcessed} rows`,
    );
  }
  // With and without supplier resolution in alternating order (with, without, without, with, with,
  // without), the median of each: DynamoDB Local slows as a run goes on, so one pair in a fixed order
  // measures the order as much as the suppliers. One pair for the largest file (minutes a run).
  const once = (suppliers: boolean) =>
    withScratchTable(endpoint, `bench-import-${size}-${suppliers ? 'sup' : 'nosup'}`, (table) =>
      runChild({
        mode: 'import',
        endpoint,
        table,
        csvPath,
        organisationId: 'BENCHORG',
        ...(suppliers ? {} : { suppliers: false }),
      }),
    );
  const withTimes = [imported.seconds];
  const withoutTimes: number[] = [];
  const order = size <= SUPPLIER_PAIRS_UP_TO ? [false, false, true, true, false] : [false];
  for (const suppliers of order) {
    const result = await once(suppliers);
    (suppliers ? withTimes : withoutTimes).push(result.seconds);
  }
  const withSuppliers = { seconds: median(withTimes) };
  const withoutSuppliers = { seconds: median(withoutTimes) };
  const items = ledgerItems(imported);
  const baseline = await withScratchTable(endpoint, `bench-import-${size}-batch`, (table) =>
    runChild({ mode: 'batch-write', endpoint, table, items, concurrency: CONCURRENCY }),
  );
  const transactional = await withScratchTable(endpoint, `bench-import-${size}-transact`, (table) =>
    runChild({ mode: 'transact-write', endpoint, table, items, concurrency: CONCURRENCY }),
  );
  const review = await runChild({
    mode: 'review',
    endpoint,
    table: 'unused',
    csvPath,
    organisationId: 'BENCHORG',
  });
  const retries = Object.entries(imported.counts.failures)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  log(
    `${size} rows: import ${imported.seconds.toFixed(1)} s, ${items} ledger items in ` +
      `${imported.counts.byCommand.TransactWriteItems ?? 0} transactions${retries ? ` (failed: ${retries})` : ''}, ` +
      `peak ${mb(imported.rssPeakBytes).toFixed(0)} MB (heap after GC ` +
      `${mb(imported.heapRetainedBytes ?? 0).toFixed(0)} MB); BatchWrite of ${items} items ` +
      `${baseline.seconds.toFixed(1)} s, peak ${mb(baseline.rssPeakBytes).toFixed(0)} MB; ` +
      `TransactWrite of as many ${transactional.seconds.toFixed(1)} s; survey and review alone ` +
      `${review.seconds.toFixed(1)} s`,
  );
  const seconds = (list: number[]) => list.map((t) => t.toFixed(1)).join(', ');
  log(`${size} rows with supplier resolution ${seconds(withTimes)} s, without ${seconds(withoutTimes)} s`);
  return { imported, baseline, transactional, review, withSuppliers, withoutSuppliers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
