import { Readable } from 'node:stream';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { fanOutSupplierChanges } from '@compact-tracker/jobs/suppliers/fan-out';
import type { Db } from '@compact-tracker/store/db';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { supplierKeys } from '@compact-tracker/store/supplier-keys';
import { moveNameLines } from '@compact-tracker/store/supplier-name-move';
import { continueNameMove, getNameMove } from '@compact-tracker/store/supplier-name-move-run';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import {
  addSupplierSpend,
  classifiedTotals,
  organisationSupplierSpend,
} from '@compact-tracker/store/supplier-spend';
import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { type StreamChange, streamBatch } from '../lambda/events.ts';
import { batchFaultScenarios, faultyDb } from '../support/faulty-dynamodb.ts';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

// The fan-out as AWS runs it: the API and the register loader only write the change of facts
// (SUPPLIER_FANOUT=stream), and the fan-out function is given the table's stream records, in the
// shape Lambda delivers them (keys only), against DynamoDB Local. A batch killed half-way names
// the record to retry from; delivered again from there it ends exactly where the in-process run
// ends; a change racing an import of the same organisation ends as a clean run.

vi.setConfig({ testTimeout: 120_000 });

const QUARTERS = ['2025-26-Q1', '2025-26-Q2', '2025-26-Q3'];
const factsChanged = (supplierId: string): StreamChange => ({
  eventName: 'MODIFY',
  ...supplierKeys.supplier(supplierId),
});
const logged: string[] = [];
const log = (_level: string, message: string) => {
  logged.push(message);
};

/** A world whose two organisations paid one supplier over three quarters, the fan-out left to the stream. */
async function paid(h: Harness, inWorld?: Awaited<ReturnType<typeof world>>) {
  h.deps.supplierFanOut = 'stream';
  const w = inWorld ?? (await world(h));
  const { supplierId } = await resolveSupplier(h.deps.db, {
    organisationId: w.org1.id,
    name: `Stream Supplier ${ulid()} Ltd`,
    at: '2026-01-01T00:00:00.000Z',
    newId: ulid,
  });
  for (const [q, quarter] of QUARTERS.entries()) {
    for (const organisationId of [w.org1.id, w.org2.id]) {
      await addSupplierSpend(h.deps.db, {
        organisationId,
        quarter,
        supplierId,
        rowFlags: q === 2 ? { sme: false } : {},
        amountPence: 1_000_00 + q,
        rows: q + 1,
      });
    }
  }
  return { w, supplierId };
}

async function classify(h: Harness, token: string, supplierId: string) {
  const put = await h.call('PUT', `/v1/suppliers/${supplierId}`, {
    token,
    body: { postcode: 'OX4 1AA', sme: true },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

/** The organisation's non-empty classified totals by bucket. */
async function buckets(db: Db, organisationId: string) {
  const totals = await classifiedTotals(db, organisationId);
  return Object.fromEntries(
    totals
      .filter((t) => t.spendPence !== 0 || t.rows !== 0)
      .map((t) => [`${t.quarter} ${t.bucket}`, t.spendPence] as const)
      .sort(),
  );
}

const classifiedBuckets = {
  '2025-26-Q1 L@OX4|Sy|V-|P-': 1_000_00,
  '2025-26-Q2 L@OX4|Sy|V-|P-': 1_000_01,
  '2025-26-Q3 L@OX4|SN|V-|P-': 1_000_02,
};

describe('the fan-out function, given the table’s stream', () => {
  it('moves what a classification through the API left to it, once per supplier, ignoring other records', async () => {
    const h = await harness();
    const { w, supplierId } = await paid(h);
    await classify(h, w.tokens.officer, supplierId);
    // The API wrote the facts only: the totals wait for the stream.
    expect(Object.keys(await buckets(h.deps.db, w.org1.id)).some((b) => b.includes('L@OX4'))).toBe(false);

    const batch = streamBatch([
      { eventName: 'MODIFY', PK: `ORG#${w.org1.id}`, SK: 'PROFILE' },
      { eventName: 'INSERT', ...supplierKeys.supplier(`${supplierId}-new`) },
      factsChanged(supplierId),
      factsChanged(supplierId),
      { eventName: 'MODIFY', ...supplierKeys.supplierName(supplierId, 'stream supplier') },
    ]);
    logged.length = 0;
    expect(await fanOutSupplierChanges(h.deps.db, batch, log)).toEqual({ batchItemFailures: [] });
    expect(logged.filter((m) => m === 'supplier fan-out finished')).toHaveLength(1);
    expect(logged.filter((m) => m.startsWith('ignored'))).toHaveLength(3);

    for (const organisationId of [w.org1.id, w.org2.id]) {
      expect(await buckets(h.deps.db, organisationId)).toEqual(classifiedBuckets);
      const spend = (await organisationSupplierSpend(h.deps.db, organisationId)).find(
        (s) => s.supplierId === supplierId,
      );
      expect(spend).toMatchObject({ postcode: 'OX4 1AA', sme: true, spendPence: 3_000_03, rows: 6 });
    }
    // Delivered again (Lambda's at-least-once): nothing moves twice.
    await fanOutSupplierChanges(h.deps.db, batch, log);
    expect(await buckets(h.deps.db, w.org1.id)).toEqual(classifiedBuckets);
  });

  it('reads anything but a stream batch as nothing to do', async () => {
    const h = await harness();
    for (const event of [{}, { Records: 'x' }, null, { Records: [{ eventName: 'MODIFY' }] }]) {
      expect(await fanOutSupplierChanges(h.deps.db, event, log)).toEqual({ batchItemFailures: [] });
    }
  });

  it.concurrent.each(
    batchFaultScenarios.filter((s) => s.command === 'TransactWriteItemsCommand' && s.attempts > 2),
  )('killed half-way ($name), retried from the record it names, ends exact', async (scenario) => {
    const h = await harness();
    const { w, supplierId } = await paid(h);
    const other = await paid(h, w);
    await classify(h, w.tokens.officer, supplierId);
    await classify(h, w.tokens.officer, other.supplierId);
    const batch = streamBatch([factsChanged(other.supplierId), factsChanged(supplierId)]);
    // The first supplier's fan-out is 8 transactions (3 quarters and the all-quarters item, in each
    // of 2 organisations): the 10th is the second supplier's second.
    const faulty = faultyDb(h, { ...scenario, call: 10 });
    let answer: Awaited<ReturnType<typeof fanOutSupplierChanges>>;
    try {
      answer = await fanOutSupplierChanges(faulty, batch, log);
    } finally {
      faulty.destroy();
    }
    // The first supplier was done; the second failed half-way and is named for the retry.
    const failed = answer.batchItemFailures.map((f) => f.itemIdentifier);
    const at = batch.Records.findIndex((r) => r.dynamodb?.SequenceNumber === failed[0]);
    expect(failed).toHaveLength(1);
    expect(at).toBe(1);
    const retry = { Records: batch.Records.slice(at) };
    expect(await fanOutSupplierChanges(h.deps.db, retry, log)).toEqual({ batchItemFailures: [] });
    // Both suppliers' spend, under their new facts: each bucket holds the two suppliers' amounts.
    const doubled = Object.fromEntries(Object.entries(classifiedBuckets).map(([k, v]) => [k, 2 * v]));
    for (const organisationId of [w.org1.id, w.org2.id])
      expect(await buckets(h.deps.db, organisationId)).toEqual(doubled);
  });

  it('a change made while an import of the same organisation runs ends as a clean run', async () => {
    const h = await harness();
    h.deps.supplierFanOut = 'stream';
    const w = await world(h);
    const header = 'Transaction Number,Payment Date,Amount,Supplier Name,Expense Type';
    const lines = Array.from(
      { length: 600 },
      (_, i) =>
        `${7000 + i},${String(1 + (i % 28)).padStart(2, '0')}/05/2025,1.00,Stream Race Ltd,IT Software`,
    );
    const bytes = Buffer.from(`${header}\n${lines.join('\n')}\n`);
    const mapping = {
      date: 'Payment Date',
      amount: 'Amount',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier Name',
      category: 'Expense Type',
      categoryMap: { 'IT Software': 'ict' },
    };
    const id = ulid();
    await createSpendImport(h.deps.db, waitingImport(w.org1.id, id, { mapping: mapping as never }));
    const running = runSpendImport(h.deps.db, w.org1.id, id, { open: async () => Readable.from([bytes]) });
    let settled = false;
    void running.finally(() => {
      settled = true;
    });
    let supplierId: string | undefined;
    while (!supplierId && !settled) {
      const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, {
        token: w.tokens.officer,
      });
      supplierId = (list.body.items ?? []).find(
        (i: { name: string }) => i.name === 'Stream Race Ltd',
      )?.supplierId;
    }
    expect(supplierId, 'classified while the import ran').toBeDefined();
    await classify(h, w.tokens.officer, supplierId as string);
    // The stream delivers the change while the import goes on.
    const delivered = fanOutSupplierChanges(
      h.deps.db,
      streamBatch([factsChanged(supplierId as string)]),
      log,
    );
    expect((await running).status).toBe('completed');
    expect(await delivered).toEqual({ batchItemFailures: [] });
    expect(await buckets(h.deps.db, w.org1.id)).toEqual({ '2025-26-Q1 L@OX4|Sy|V-|P-': 600_00 });
  });

  it('finishes a move of a pointed name that the API handed to it, once however often delivered', async () => {
    const h = await harness();
    h.deps.supplierFanOut = 'stream';
    const w = await world(h);
    const header = 'Transaction Number,Payment Date,Amount,Supplier Name,Expense Type';
    const lines = [
      '8000,02/05/2025,5.00,Stream Right Ltd,IT Software',
      ...Array.from({ length: 20 }, (_, i) => `${8001 + i},03/05/2025,1.00,Stream Rihgt Ltd,IT Software`),
    ];
    const mapping = {
      date: 'Payment Date',
      amount: 'Amount',
      transactionId: 'Transaction Number',
      supplierName: 'Supplier Name',
      category: 'Expense Type',
      categoryMap: { 'IT Software': 'ict' },
    };
    const id = ulid();
    await createSpendImport(h.deps.db, waitingImport(w.org1.id, id, { mapping: mapping as never }));
    const bytes = Buffer.from(`${header}\n${lines.join('\n')}\n`);
    await runSpendImport(h.deps.db, w.org1.id, id, { open: async () => Readable.from([bytes]) });
    const spend = async () =>
      Object.fromEntries(
        (await organisationSupplierSpend(h.deps.db, w.org1.id)).map((s) => [s.name, [s.spendPence, s.rows]]),
      );
    const right = (await organisationSupplierSpend(h.deps.db, w.org1.id)).find(
      (s) => s.name === 'Stream Right Ltd',
    )?.supplierId as string;
    // The request ran out of time after its first transaction: the rest is the background's.
    const name = normaliseSupplierName('Stream Rihgt Ltd');
    const move = { organisationId: w.org1.id, normalisedName: name, supplierId: right };
    const sofar = await moveNameLines(h.deps.db, move, { deadline: 0 });
    expect(sofar).toMatchObject({ done: false, rows: 12 });
    await continueNameMove(h.deps.db, move, sofar, new Date().toISOString());
    const written = { eventName: 'INSERT', ...supplierKeys.nameMove(w.org1.id, name) } as const;
    logged.length = 0;
    const batch = streamBatch([written, { ...written, eventName: 'MODIFY' }]);
    expect(await fanOutSupplierChanges(h.deps.db, batch, log)).toEqual({ batchItemFailures: [] });
    expect(logged.filter((m) => m === 'name move finished')).toHaveLength(1);
    expect(await spend()).toEqual({ 'Stream Right Ltd': [25_00, 21], 'Stream Rihgt Ltd': [0, 0] });
    expect(await getNameMove(h.deps.db, w.org1.id, name)).toMatchObject({
      status: 'done',
      rows: 20,
      pence: 20_00,
    });
    await fanOutSupplierChanges(h.deps.db, batch, log);
    expect(await spend()).toEqual({ 'Stream Right Ltd': [25_00, 21], 'Stream Rihgt Ltd': [0, 0] });
  });
});
