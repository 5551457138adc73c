// Reclassifying a supplier paid by 100 organisations over 8 quarters: the fan-out's time and
// DynamoDB requests (goal: at most 3 per organisation and quarter), beside re-reading that
// supplier's transactions (25 per organisation and quarter) from the ledger's partitions, which is
// what the fan-out's per-quarter totals spare. And changing a partnership's area: one write, as
// local is decided when the classified totals are summed.

import { createDb } from '@compact-tracker/store/db';
import { keys } from '@compact-tracker/store/keys';
import { createPartnership, setPartnershipArea } from '@compact-tracker/store/partnerships';
import { queryAll } from '@compact-tracker/store/query';
import { countingDb } from '@compact-tracker/store/request-counter';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend, reclassifySupplier } from '@compact-tracker/store/supplier-spend';
import { getSupplier, setSupplierFacts } from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { batchWriteAll } from '../lib/batch-write.ts';
import { withScratchTable } from '../lib/scratch-table.ts';
import type { Benchmark, BenchRow } from '../lib/types.ts';

const ROWS_PER_QUARTER = 25;
const REQUESTS_GOAL = 3;

export const supplierFanOut: Benchmark = {
  name: 'supplier-fanout',
  async run({ quick, endpoint, log }) {
    const organisations = quick ? 10 : 100;
    const quarters = quick
      ? ['2025-26-Q1', '2025-26-Q2']
      : ['2024-25', '2025-26'].flatMap((fy) => [1, 2, 3, 4].map((q) => `${fy}-Q${q}`));
    const orgQuarters = organisations * quarters.length;
    return withScratchTable(endpoint, 'bench-supplier-fanout', async (table) => {
      const db = createDb({ endpoint, table });
      const at = new Date().toISOString();
      const orgs = Array.from({ length: organisations }, (_, i) => `BENCHORG${String(i).padStart(4, '0')}`);
      const { supplierId } = await resolveSupplier(db, {
        organisationId: orgs[0] as string,
        name: 'Shared Supplier Ltd',
        at,
        newId: ulid,
      });
      log(`supplier fan-out: seeding ${organisations} organisations x ${quarters.length} quarters`);
      for (const organisationId of orgs) {
        await Promise.all(
          quarters.map((quarter) =>
            addSupplierSpend(db, {
              organisationId,
              quarter,
              supplierId,
              rowFlags: {},
              amountPence: 12_345_00,
              rows: ROWS_PER_QUARTER,
            }),
          ),
        );
      }
      // The transactions the totals stand for, in the ledger's partitions, for the baseline to re-read.
      await batchWriteAll(
        db,
        (function* () {
          for (const organisationId of orgs)
            for (const quarter of quarters)
              for (let r = 0; r < ROWS_PER_QUARTER; r++)
                yield {
                  ...keys.spendTransaction(organisationId, quarter, `${r}`),
                  supplierId,
                  amountPence: 493_80,
                  supplierName: 'SHARED SUPPLIER LTD',
                };
        })(),
        4,
      );

      const current = await getSupplier(db, supplierId);
      if (!current) throw new Error('no supplier');
      await setSupplierFacts(
        db,
        current,
        { postcode: 'WS1 1AA', sme: true },
        { source: 'officer', setBy: orgs[0] as string, at, newId: ulid },
      );
      const counted = countingDb(db);
      const started = performance.now();
      const stats = await reclassifySupplier(counted.db, supplierId);
      const seconds = performance.now() - started;
      const requests = counted.requests().total;
      if (stats.quarterItemsMoved !== orgQuarters)
        throw new Error(`moved ${stats.quarterItemsMoved} of ${orgQuarters}`);

      const baseline = countingDb(db);
      const baselineStarted = performance.now();
      for (const organisationId of orgs) {
        for (const quarter of quarters) {
          await queryAll(baseline.db, {
            KeyConditionExpression: 'PK = :pk',
            FilterExpression: 'supplierId = :sid',
            ExpressionAttributeValues: {
              ':pk': keys.spendTransaction(organisationId, quarter, '').PK,
              ':sid': supplierId,
            },
          });
        }
      }
      const baselineMs = performance.now() - baselineStarted;

      const partnershipId = ulid();
      await createPartnership(db, {
        id: partnershipId,
        name: 'Bench',
        area: 'Bench',
        createdAt: at,
        createdBy: 'bench',
      });
      const areaDb = countingDb(db);
      const areaStarted = performance.now();
      await setPartnershipArea(areaDb.db, partnershipId, { postcodes: ['B', 'DY4', 'WS1'], at, by: 'bench' });
      const areaMs = performance.now() - areaStarted;

      const base = {
        benchmark: 'supplier fan-out',
        case: `${organisations} organisations x ${quarters.length} quarters`,
      };
      const rows: BenchRow[] = [
        {
          ...base,
          metric: 'time',
          value: seconds,
          unit: 'ms',
          baseline: baselineMs,
          baselineLabel: `re-reading ${ROWS_PER_QUARTER} transactions per organisation-quarter`,
        },
        {
          ...base,
          metric: 'requests',
          value: requests,
          unit: '',
          baseline: baseline.requests().total,
          baselineLabel: 'queries of the ledger partitions',
        },
        {
          ...base,
          metric: 'requests per organisation-quarter',
          value: requests / orgQuarters,
          unit: '',
          baseline: null,
          goal: `<= ${REQUESTS_GOAL}`,
          met: requests / orgQuarters <= REQUESTS_GOAL,
        },
        {
          ...base,
          case: 'changing a partnership area',
          metric: 'time',
          value: areaMs,
          unit: 'ms',
          baseline: null,
        },
        {
          ...base,
          case: 'changing a partnership area',
          metric: 'requests',
          value: areaDb.requests().total,
          unit: '',
          baseline: null,
        },
      ];
      return rows;
    });
  },
};
