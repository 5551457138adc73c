// The ledger by identity: what an import costs in DynamoDB units per new row and per duplicate row
// (computed from the operations sent, as AWS bills on-demand tables: a transactional write twice a
// plain one; DynamoDB Local's own counts are not AWS's), and how fast the same rows imported again
// (all duplicates) and an import reverted go.

import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { transparencyCsv } from '../../test/support/transparency-csv.ts';
import { baselineClient } from '../lib/baseline-client.ts';
import { type Units, unitsOf, updatedKeys } from '../lib/capacity-units.ts';
import { type RecordedCall, startRecorder } from '../lib/dynamodb-recorder.ts';
import { itemSize } from '../lib/item-size.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import type { SpendImportChildResult, SpendImportChildTask } from '../lib/spend-import-child.ts';
import { runTsChild } from '../lib/ts-child-process.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const child = path.join(import.meta.dirname, '../lib/spend-import-child.ts');
const runChild = (task: SpendImportChildTask) =>
  runTsChild<SpendImportChildResult>(child, [JSON.stringify(task)], { nodeFlags: ['--expose-gc'] });
const ORGANISATION = 'BENCHORG';

export const ledger: Benchmark = {
  name: 'ledger',
  async run({ quick, endpoint, workDir, log }) {
    const unitRows = quick ? 1000 : 10_000;
    const againRows = quick ? 2000 : 100_000;
    return [
      ...(await unitsPerRow(endpoint, workDir, unitRows, log)),
      ...(await againAndRevert(endpoint, workDir, againRows, log)),
    ];
  },
};

function writeCsv(workDir: string, rows: number): string {
  const csvPath = path.join(workDir, `ledger-${rows}.csv`);
  writeFileSync(csvPath, transparencyCsv({ rows, invalidEvery: 1000 }).bytes);
  return csvPath;
}

/** A file imported, then imported again by another import (every row a duplicate), each recorded. */
async function unitsPerRow(
  endpoint: string,
  workDir: string,
  rows: number,
  log: (message: string) => void,
): Promise<BenchRow[]> {
  const csvPath = writeCsv(workDir, rows);
  const recorder = await startRecorder(endpoint);
  const client = baselineClient(endpoint);
  try {
    return await withScratchTable(endpoint, `bench-ledger-units-${rows}`, async (table) => {
      const units = async (calls: RecordedCall[]): Promise<Units> => {
        const sizes = new Map<string, number>();
        for (const { table: name, key } of updatedKeys(calls)) {
          const id = JSON.stringify([name, key]);
          if (sizes.has(id)) continue;
          const found = await client.send(
            new GetItemCommand({ TableName: name, Key: key, ConsistentRead: true }),
          );
          sizes.set(id, found.Item ? itemSize(found.Item) : 0);
        }
        return unitsOf(calls, (name, key) => sizes.get(JSON.stringify([name, key])) ?? 0);
      };
      const task = {
        mode: 'import',
        endpoint: recorder.endpoint,
        table,
        csvPath,
        organisationId: ORGANISATION,
      };
      recorder.take();
      const first = await runChild({ ...task, mode: 'import', importId: 'BENCHFIRST' });
      const firstUnits = await units(recorder.take());
      const again = await runChild({ ...task, mode: 'import', importId: 'BENCHAGAIN' });
      const againCalls = recorder.take();
      const againUnits = await units(againCalls);
      const imported = first.rowsImported ?? 0;
      const duplicates = (again.rowsProcessed ?? 0) - (again.rowsRejected ?? 0);
      if (first.status !== 'completed' || again.status !== 'completed' || imported === 0 || duplicates === 0)
        throw new Error(`the imports ended ${first.status} and ${again.status}`);
      const ledgerWrites = againCalls.filter((c) => c.operation === 'TransactWriteItems').length;
      log(
        `${rows} rows: ${imported} new rows ${firstUnits.writeUnits} WRU, ${firstUnits.readUnits} RRU; ` +
          `${duplicates} duplicate rows ${againUnits.writeUnits} WRU (${ledgerWrites} transactions), ` +
          `${againUnits.readUnits} RRU`,
      );
      const base = { benchmark: 'ledger', case: `${rows.toLocaleString('en-GB')} rows` };
      const perNew = (n: number) => n / imported;
      const perDuplicate = (n: number) => n / duplicates;
      return [
        {
          ...base,
          metric: 'write units per new row',
          value: perNew(firstUnits.writeUnits),
          unit: 'WRU',
          baseline: 2,
          baselineLabel: 'one transactional put of 1 KB',
        },
        {
          ...base,
          metric: 'read units per new row',
          value: perNew(firstUnits.readUnits),
          unit: 'RRU',
          baseline: null,
        },
        {
          ...base,
          metric: 'write units per duplicate row',
          value: perDuplicate(againUnits.writeUnits),
          unit: 'WRU',
          baseline: perNew(firstUnits.writeUnits),
          baselineLabel: 'per new row',
          // The import item's progress is all a re-import writes: no ledger transaction.
          goal: 'no ledger writes (the import item only)',
          met: ledgerWrites === 0,
        },
        {
          ...base,
          metric: 'read units per duplicate row',
          value: perDuplicate(againUnits.readUnits),
          unit: 'RRU',
          baseline: perNew(firstUnits.readUnits),
          baselineLabel: 'per new row',
        },
      ];
    });
  } finally {
    client.destroy();
    await recorder.stop();
    rmSync(csvPath);
  }
}

/** A file imported, the same rows imported again (all duplicates), then the first import reverted. */
async function againAndRevert(
  endpoint: string,
  workDir: string,
  rows: number,
  log: (message: string) => void,
): Promise<BenchRow[]> {
  const csvPath = writeCsv(workDir, rows);
  try {
    const result = await withScratchTable(endpoint, `bench-ledger-again-${rows}`, (table) =>
      runChild({ mode: 'import-again', endpoint, table, csvPath, organisationId: ORGANISATION }),
    );
    const { again, revert } = result;
    if (result.status !== 'completed' || again?.status !== 'completed' || !revert)
      throw new Error(`the imports ended ${result.status} and ${again?.status}`);
    if (again.rowsImported !== 0 || revert.removed !== result.rowsImported)
      throw new Error(
        `imported again: ${again.rowsImported} new rows; reverted ${revert.removed} of ${result.rowsImported}`,
      );
    log(
      `${rows} rows: import ${result.seconds.toFixed(1)} s, again ${again.seconds.toFixed(1)} s ` +
        `(${again.rowsDuplicate} duplicates), revert ${revert.seconds.toFixed(1)} s (${revert.removed} lines)`,
    );
    const firstRate = rows / result.seconds;
    const base = { benchmark: 'ledger', case: `${rows.toLocaleString('en-GB')} rows` };
    return [
      {
        ...base,
        metric: 'import again, all duplicates: rows/s',
        value: rows / again.seconds,
        unit: '/s',
        baseline: firstRate,
        baselineLabel: 'the first import of the rows',
      },
      {
        ...base,
        metric: 'revert: lines/s',
        value: revert.removed / revert.seconds,
        unit: '/s',
        baseline: firstRate,
        baselineLabel: 'the first import of the rows (rows/s)',
      },
    ];
  } finally {
    rmSync(csvPath);
  }
}
