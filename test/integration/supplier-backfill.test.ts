import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from '@compact-tracker/store/db';
import { migrateLedgerIdentity } from '@compact-tracker/store/migrations/ledger-identity';
import { backfillSupplierSpend } from '@compact-tracker/store/migrations/supplier-backfill';
import { type ImportEntry, writeImportEntries } from '@compact-tracker/store/spend-imports';
import { spendTotals } from '@compact-tracker/store/spend-ledger';
import { classifiedTotals, organisationSupplierSpend } from '@compact-tracker/store/supplier-spend';
import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { batchFaultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// Lines imported before suppliers were resolved (no supplier on them) are put into spend by
// supplier by the one-off backfill: each line once, run twice the same totals, killed half-way and
// run again exactly a clean run's; the ledger's own totals do not move.

vi.setConfig({ testTimeout: 120_000 });

const entry = (key: string, row: number, fields: Partial<ImportEntry>): ImportEntry => ({
  key,
  quarter: '2015-16-Q1',
  category: 'other',
  date: '2015-05-10',
  amountPence: 100_00,
  local: false,
  sme: false,
  vcse: false,
  criteria: false,
  supplierName: 'REED SPECIALIST RECRUITMENT LIMITED',
  transactionId: `T${row}`,
  row,
  ...fields,
});

/** An organisation whose import predates supplier resolution (and row identities, migrated first). */
async function oldImport(h: Harness) {
  const w = await world(h);
  await writeImportEntries(h.deps.db, w.org1.id, ulid(), [
    entry('k1', 2, {}),
    entry('k2', 3, {
      supplierName: 'Reed Specialist Recruitment Ltd',
      quarter: '2015-16-Q2',
      date: '2015-09-22',
      amountPence: 50_00,
    }),
    entry('k3', 4, { supplierName: 'Small Firm Ltd', sme: true, amountPence: 20_00 }),
    entry('k4', 5, { supplierName: '', amountPence: 10_00 }),
    entry('k5', 6, { supplierName: 'Redacted', amountPence: 5_00 }),
  ]);
  await migrateLedgerIdentity(h.deps.db);
  return w;
}

/** Spend by supplier and the classified totals, as the pages and reports read them. */
async function bySupplier(db: Db, organisationId: string) {
  const spend = (await organisationSupplierSpend(db, organisationId))
    // By normalised name: which of a supplier's names was seen first is the display name.
    .map((s) => [normaliseSupplierName(s.name), s.spendPence, s.rows] as const)
    .sort((a, b) => b[1] - a[1]);
  const buckets = Object.fromEntries(
    (await classifiedTotals(db, organisationId))
      .filter((t) => t.spendPence !== 0 || t.rows !== 0)
      .map((t) => [`${t.quarter} ${t.bucket}`, [t.spendPence, t.rows]] as const)
      .sort(),
  );
  return { spend, buckets };
}

const expected = {
  spend: [
    [normaliseSupplierName('Reed Specialist Recruitment Ltd'), 150_00, 2],
    [normaliseSupplierName('Small Firm Ltd'), 20_00, 1],
    [normaliseSupplierName('Undisclosed (redacted or blank names)'), 15_00, 2],
  ],
  buckets: {
    '2015-16-Q1 L-|S-|V-|P-': [115_00, 3],
    '2015-16-Q1 L-|SY|V-|P-': [20_00, 1],
    '2015-16-Q2 L-|S-|V-|P-': [50_00, 1],
  },
};

describe('the supplier backfill', () => {
  it('puts every unplaced line in spend by supplier once; run again, nothing moves', async () => {
    const h = await harness();
    const w = await oldImport(h);
    const ledger = await spendTotals(h.deps.db, w.org1.id);
    expect((await bySupplier(h.deps.db, w.org1.id)).spend).toEqual([]);

    const first = await backfillSupplierSpend(h.deps.db);
    expect(first).toEqual({ partitions: 2, linesPlaced: 5 });
    expect(await bySupplier(h.deps.db, w.org1.id)).toEqual(expected);
    expect(await backfillSupplierSpend(h.deps.db)).toEqual({ partitions: 0, linesPlaced: 0 });
    expect(await bySupplier(h.deps.db, w.org1.id)).toEqual(expected);
    expect(await spendTotals(h.deps.db, w.org1.id)).toEqual(ledger);

    // The organisation now pays the supplier: its officer may classify it, and its spend moves.
    const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
    const reed = list.body.items.find((i: { name: string }) => /^reed/i.test(i.name));
    const put = await h.call('PUT', `/v1/suppliers/${reed.supplierId}`, {
      token: w.tokens.officer,
      body: { sme: true },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await bySupplier(h.deps.db, w.org1.id)).buckets).toEqual({
      '2015-16-Q1 L-|S-|V-|P-': [15_00, 2],
      '2015-16-Q1 L-|SY|V-|P-': [20_00, 1], // the row's own SME column
      '2015-16-Q1 L-|Sy|V-|P-': [100_00, 1], // Reed's facts
      '2015-16-Q2 L-|Sy|V-|P-': [50_00, 1],
    });
  });

  it.concurrent.each(
    batchFaultScenarios.filter((s) => s.command === 'TransactWriteItemsCommand' && s.attempts > 2),
  )('killed half-way ($name) and run again, ends as a clean run', async (scenario) => {
    const h = await harness();
    const w = await oldImport(h);
    // Five transactions in all, whichever quarter comes first: three new supplier records and a
    // placement in one partition, a placement in the other. The fifth is the second placement.
    const faulty = faultyDb(h, { ...scenario, call: 5 });
    try {
      await expect(backfillSupplierSpend(faulty)).rejects.toThrow();
    } finally {
      faulty.destroy();
    }
    await backfillSupplierSpend(h.deps.db);
    expect(await bySupplier(h.deps.db, w.org1.id)).toEqual(expected);
  });
});
