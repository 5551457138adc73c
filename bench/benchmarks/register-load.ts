// Loading a Companies House-layout register file (generated as it streams, plain and zipped): rows
// per second beside csv-parse reading the same stream alone, and the heap retained after GC while
// the file streams (goal < 50 MB: memory flat whatever the file's size), each case in a fresh process.

import path from 'node:path';
import type { RegisterLoadChildResult, RegisterLoadChildTask } from '../lib/register-load-child.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import { runTsChild } from '../lib/ts-child-process.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const HEAP_GOAL_MB = 50;
const child = path.join(import.meta.dirname, '../lib/register-load-child.ts');
const runChild = (task: RegisterLoadChildTask) =>
  runTsChild<RegisterLoadChildResult>(child, [JSON.stringify(task)], { nodeFlags: ['--expose-gc'] });
const mb = (bytes: number) => bytes / 2 ** 20;

export const registerLoad: Benchmark = {
  name: 'register-load',
  async run({ quick, endpoint, log }) {
    const rows: BenchRow[] = [];
    const size = quick ? 20_000 : 1_000_000;
    const suppliers = quick ? 200 : 2_000;
    for (const zipped of [false, true]) {
      const caseName = `${size.toLocaleString('en-GB')} rows${zipped ? ', zipped' : ''}, ${suppliers} suppliers`;
      log(`register load: ${caseName}`);
      const loaded = await withScratchTable(endpoint, `bench-register-${zipped ? 'zip' : 'csv'}`, (table) =>
        runChild({ mode: 'load', endpoint, table, rows: size, suppliers, zipped }),
      );
      if (loaded.status !== 'completed' || loaded.rowsProcessed !== size) {
        throw new Error(`the load ended ${loaded.status} after ${loaded.rowsProcessed} rows`);
      }
      const parsed = await runChild({
        mode: 'parse',
        endpoint,
        table: 'unused',
        rows: size,
        suppliers,
        zipped,
      });
      const base = { benchmark: 'register load', case: caseName };
      rows.push(
        {
          ...base,
          metric: 'rows/s',
          value: size / loaded.seconds,
          unit: '/s',
          baseline: size / parsed.seconds,
          baselineLabel: 'csv-parse alone, same stream',
        },
        {
          ...base,
          metric: 'suppliers matched',
          value: loaded.suppliersMatched,
          unit: '',
          baseline: null,
        },
        {
          ...base,
          metric: 'heap retained after GC (peak)',
          value: mb(loaded.heapRetainedPeakBytes),
          unit: 'MB',
          baseline: mb(parsed.heapRetainedPeakBytes),
          baselineLabel: 'csv-parse alone',
          goal: `< ${HEAP_GOAL_MB} MB`,
          met: mb(loaded.heapRetainedPeakBytes) < HEAP_GOAL_MB,
        },
      );
    }
    return rows;
  },
};
