import type { Db } from '@compact-tracker/store/db';
import { classifiedBuckets } from '@compact-tracker/store/supplier-deltas';
import { supplierKeys } from '@compact-tracker/store/supplier-keys';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend, reclassifySupplier } from '@compact-tracker/store/supplier-spend';
import { getSupplier, setSupplierFacts } from '@compact-tracker/store/suppliers';
import { describe, expect, it, vi } from 'vitest';
import { batchFaultScenarios, faultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { tableItems } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// The fan-out of a change of supplier facts under faults: a transaction failing mid-run, before or
// after the table applied it, retried through or failing and run again. The classified totals end
// exactly where a clean run leaves them.

vi.setConfig({ maxConcurrency: 4, testTimeout: 120_000 });

const ORGS = ['ORG-A', 'ORG-B', 'ORG-C'];
const QUARTERS = ['2025-26-Q1', '2025-26-Q2', '2025-26-Q3'];
let sequence = 0;
const newId = () => `ID${String(++sequence).padStart(8, '0')}`;

/** A supplier paid by three organisations over three quarters, whose facts then change. */
async function changed(h: Harness): Promise<string> {
  const db = h.deps.db;
  const { supplierId } = await resolveSupplier(db, {
    organisationId: 'ORG-A',
    name: 'Fan Out Ltd',
    at: '2026-01-01T00:00:00.000Z',
    newId: () => 'SUPPLIER1',
  });
  for (const [o, organisationId] of ORGS.entries()) {
    for (const [q, quarter] of QUARTERS.entries()) {
      await addSupplierSpend(db, {
        organisationId,
        quarter,
        supplierId,
        rowFlags: q === 2 ? { sme: false } : {},
        amountPence: 1_000_00 * (o + 1) + q,
        rows: q + 1,
      });
    }
  }
  const current = await getSupplier(db, supplierId);
  if (!current) throw new Error('no supplier');
  await setSupplierFacts(
    db,
    current,
    { postcode: 'OX4 1AA', sme: true, vcse: false },
    {
      source: 'officer',
      setBy: 'ORG-A',
      at: '2026-01-02T00:00:00.000Z',
      newId,
    },
  );
  return supplierId;
}

/** What the fan-out moves: the classified totals and the quarter items, by key. */
async function moved(h: Harness) {
  const items = await tableItems(h);
  return items
    .filter((item) =>
      ORGS.some(
        (o) =>
          (item.PK === supplierKeys.classifiedTotalPk(o) &&
            (item.SK as string).startsWith(supplierKeys.classifiedTotalPrefix)) ||
          item.PK === supplierKeys.supplierQuarterPk(o) ||
          item.PK === supplierKeys.supplierSpendPk(o),
      ),
    )
    .filter(
      (item) =>
        !(item.SK as string).startsWith(supplierKeys.classifiedTotalPrefix) ||
        item.spendPence !== 0 ||
        item.rows !== 0,
    );
}

let clean: Promise<Record<string, unknown>[]> | undefined;
const cleanRun = () => {
  clean ??= (async () => {
    const h = await harness();
    const supplierId = await changed(h);
    await reclassifySupplier(h.deps.db, supplierId);
    return moved(h);
  })();
  return clean;
};

const scenarios = [
  ...faultScenarios.filter((s) => s.fault === 'connection-reset' || s.fault === 'transaction-conflict'),
  ...batchFaultScenarios.filter((s) => s.command === 'TransactWriteItemsCommand'),
];

describe('the supplier fan-out under faults', () => {
  it('moves every quarter of every paying organisation to the new classification', async () => {
    const expected = await cleanRun();
    const buckets = expected
      .filter((i) => (i.SK as string).startsWith(supplierKeys.classifiedTotalPrefix))
      .flatMap(classifiedBuckets)
      .map((b) => b.bucket);
    expect(new Set(buckets)).toEqual(new Set(['L@OX4|Sy|Vn|P-', 'L@OX4|SN|Vn|P-']));
  });

  it.concurrent.each(scenarios)('$name', async (scenario) => {
    const expected = await cleanRun();
    const h = await harness();
    const supplierId = await changed(h);
    const faulty = faultyDb(h, scenario);
    try {
      await reclassifySupplier(faulty as Db, supplierId);
    } catch {
      // Killed half-way: the triggered run is delivered again.
      await reclassifySupplier(h.deps.db, supplierId);
    } finally {
      faulty.destroy();
    }
    expect(await moved(h)).toEqual(expected);
  });
});
