import { supplierKeys } from '@compact-tracker/store/supplier-keys';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend, classifiedTotals } from '@compact-tracker/store/supplier-spend';
import { getSupplier, setSupplierFacts } from '@compact-tracker/store/suppliers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundle-function.ts';
import { type Harness, harness } from '../support/harness.ts';
import { bundledHandlers, lambdaContext, printed, streamBatch } from './events.ts';

// The supplier fan-out bundled as deployed, given a batch of the table's stream records as Lambda
// delivers them: the changed supplier's spend moves to its new facts; the answer is a partial batch
// response naming nothing.

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let handler: Handler;
let h: Harness;

beforeAll(async () => {
  h = await harness();
  const handlers = await bundledHandlers(
    ['supplier-fanout'] as const,
    { table: h.table, endpoint: h.endpoint },
    bundleFunction,
  );
  handler = handlers['supplier-fanout'];
}, 180_000);

describe('the bundled supplier fan-out', () => {
  it('moves a changed supplier’s spend, from a stream batch', async () => {
    const db = h.deps.db;
    const { supplierId } = await resolveSupplier(db, {
      organisationId: 'ORG-LAMBDA',
      name: 'Bundled Fan Out Ltd',
      at: '2026-01-01T00:00:00.000Z',
      newId: () => 'SUPPLIERLAMBDA',
    });
    await addSupplierSpend(db, {
      organisationId: 'ORG-LAMBDA',
      quarter: '2025-26-Q1',
      supplierId,
      rowFlags: {},
      amountPence: 12_345,
      rows: 2,
    });
    const current = await getSupplier(db, supplierId);
    if (!current) throw new Error('no supplier');
    await setSupplierFacts(
      db,
      current,
      { vcse: true },
      { source: 'officer', setBy: 'ORG-LAMBDA', at: '2026-01-02T00:00:00.000Z', newId: () => 'CHANGE1' },
    );
    const { result, lines } = await printed(() =>
      handler(
        streamBatch([{ eventName: 'MODIFY', ...supplierKeys.supplier(supplierId) }]),
        lambdaContext('supplier-fanout'),
      ),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(lines.some((line) => line.includes('supplier fan-out failed'))).toBe(false);
    const totals = (await classifiedTotals(db, 'ORG-LAMBDA')).filter((t) => t.spendPence !== 0);
    expect(totals).toMatchObject([{ quarter: '2025-26-Q1', bucket: 'L-|S-|Vy|P-', spendPence: 12_345 }]);
  });
});
