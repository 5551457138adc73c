// Pointing a wrongly matched name: moving the rows already imported under it (and their spend) to
// the right supplier, in rows per second and DynamoDB requests per row moved, beside the import that
// wrote those rows (the same rows, the same machine). The API moves within the request for 15 s
// before handing the rest to the background: the rate says how many rows that is.

import { Readable } from 'node:stream';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createDb } from '@compact-tracker/store/db';
import { countingDb } from '@compact-tracker/store/request-counter';
import { createSpendImport, initialCounters } from '@compact-tracker/store/spend-imports';
import { moveNameLines } from '@compact-tracker/store/supplier-name-move';
import { pointOrganisationName, supplierByName } from '@compact-tracker/store/suppliers';
import { withScratchTable } from '../lib/scratch-table.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const ORGANISATION = 'BENCHMOVE';
const mapping = {
  date: 'Date',
  amount: 'Amount',
  transactionId: 'Ref',
  supplierName: 'Supplier',
  category: 'Type',
  categoryMap: { 'IT Software': 'ict' },
};

export const supplierNameMove: Benchmark = {
  name: 'supplier-name-move',
  async run({ quick, endpoint, log }) {
    const rows = quick ? 200 : 5000;
    return withScratchTable(endpoint, 'bench-supplier-name-move', async (table) => {
      const db = createDb({ endpoint, table });
      const months = ['05', '08', '11', '02'];
      const lines = [
        'R0,01/05/2025,500.00,BT Global Services,IT Software',
        ...Array.from({ length: rows }, (_, i) => {
          const month = months[i % 4] as string;
          const year = month === '02' ? '2026' : '2025';
          const day = String((i % 28) + 1).padStart(2, '0');
          return `R${i + 1},${day}/${month}/${year},${(10 + (i % 90)).toFixed(2)},BT Global Servies,IT Software`;
        }),
      ];
      const file = Buffer.from(`Ref,Date,Amount,Supplier,Type\n${lines.join('\n')}\n`);
      await createSpendImport(db, {
        id: 'IMPORT-1',
        organisationId: ORGANISATION,
        status: 'waiting',
        mapping: mapping as never,
        dateFormat: 'dd/mm/yyyy',
        uploadKey: `imports/${ORGANISATION}/IMPORT-1.csv`,
        createdAt: new Date().toISOString(),
        createdBy: 'bench',
        ...initialCounters(),
      });
      log(`supplier name move: importing ${rows + 1} rows`);
      const importStarted = performance.now();
      await runSpendImport(db, ORGANISATION, 'IMPORT-1', { open: async () => Readable.from([file]) });
      const importSeconds = (performance.now() - importStarted) / 1000;

      const supplierId = (await supplierByName(db, normaliseSupplierName('BT Global Services'))) as string;
      const { normalisedName } = await pointOrganisationName(db, {
        organisationId: ORGANISATION,
        name: 'BT Global Servies',
        supplierId,
        at: new Date().toISOString(),
        setBy: ORGANISATION,
      });
      const counted = countingDb(db);
      const started = performance.now();
      const moved = await moveNameLines(counted.db, {
        organisationId: ORGANISATION,
        normalisedName,
        supplierId,
      });
      const seconds = (performance.now() - started) / 1000;
      if (!moved.done || moved.rows !== rows) throw new Error(`moved ${moved.rows} of ${rows}`);
      const requests = counted.requests().total;
      log(`supplier name move: ${rows} rows in ${seconds.toFixed(1)} s, ${requests} requests`);

      const base = { benchmark: 'supplier name move', case: `${rows} rows over 4 quarters` };
      const rate = rows / seconds;
      const out: BenchRow[] = [
        {
          ...base,
          metric: 'rows/s',
          value: rate,
          unit: 'rows/s',
          baseline: (rows + 1) / importSeconds,
          baselineLabel: 'the import that wrote them',
        },
        {
          ...base,
          metric: 'rows within the 15 s the request moves',
          value: Math.floor(rate * 15),
          unit: 'rows',
          baseline: null,
        },
        {
          ...base,
          metric: 'requests per row',
          value: requests / rows,
          unit: 'requests',
          baseline: null,
          goal: '< 0.5',
          met: requests / rows < 0.5,
        },
      ];
      return out;
    });
  },
};
