import { Readable } from 'node:stream';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { keys } from '@compact-tracker/store/keys';
import { migrateLedgerIdentity, migratePartition } from '@compact-tracker/store/migrations/ledger-identity';
import { queryAll } from '@compact-tracker/store/query';
import {
  createSpendImport,
  type ImportEntry,
  writeImportEntries,
} from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

// Entries written before row identities move to identity-keyed lines: once, resumably, totals
// unchanged, and afterwards an import of the same rows counts nothing twice.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

const old = (key: string, row: number, fields: Partial<ImportEntry>): ImportEntry => ({
  key,
  quarter: '2015-16-Q2',
  category: 'other',
  date: '2015-09-22',
  amountPence: 24_911,
  local: false,
  sme: false,
  vcse: false,
  criteria: false,
  supplierName: 'DENNIS EAGLE LTD',
  transactionId: '47981658 - 1',
  row,
  ...fields,
});

const spend = async () => {
  const response = await h.call('GET', `/v1/organisations/${w.org1.id}/spend`, { token: w.tokens.officer });
  return Object.fromEntries(
    (response.body.items as { quarter: string; category: string; totalPence: number }[]).map((i) => [
      `${i.quarter} ${i.category}`,
      i.totalPence,
    ]),
  );
};

describe('moving entries to row identities', () => {
  it('moves every old entry once, numbering shared identities in stored order, totals unchanged', async () => {
    const importId = ulid();
    await writeImportEntries(h.deps.db, w.org1.id, importId, [
      // The same row twice (the old importer counted the file's repeat), and two other rows.
      old('oldkey-a', 2, {}),
      old('oldkey-b', 5, {}),
      old('oldkey-c', 3, {
        transactionId: '47981658_0',
        amountPence: 32_797,
        supplierName: 'P A TURNEY LTD',
      }),
      old('oldkey-d', 4, {
        quarter: '2015-16-Q3',
        date: '2015-10-01',
        transactionId: '',
        amountPence: 60_000,
      }),
    ]);
    const before = await spend();
    expect(before).toEqual({ '2015-16-Q2 other': 82_619, '2015-16-Q3 other': 60_000 });

    // Interrupted after one partition, then run to the end, then run again.
    const q3 = keys.ledgerLine(w.org1.id, '2015-16-Q3', 'x', 1).PK;
    expect(await migratePartition(h.deps.db, q3)).toBe(1);
    const report = await migrateLedgerIdentity(h.deps.db);
    expect(report.entriesMoved).toBe(3);
    expect((await migrateLedgerIdentity(h.deps.db)).entriesMoved).toBe(0);
    expect(await spend()).toEqual(before);

    const lines = await queryAll(h.deps.db, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.ledgerLine(w.org1.id, '2015-16-Q2', 'x', 1).PK },
    });
    expect(lines.every((l) => typeof l.identity === 'string')).toBe(true);
    const repeated = lines.filter((l) => l.transactionId === '47981658-1');
    expect(repeated.map((l) => [l.row, l.ordinal])).toEqual([
      [2, 1],
      [5, 2],
    ]);
    // The old import can be found by a revert: its lines are logged under it.
    const logged = await queryAll(h.deps.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :wrote)',
      ExpressionAttributeValues: { ':pk': `IMPORT#${importId}`, ':wrote': 'WROTE#' },
    });
    expect(logged.flatMap((l) => l.lines as string[])).toHaveLength(4);
  });

  it('lets a later import of the same rows count nothing twice', async () => {
    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, {
        mapping: {
          date: 'Paid Date',
          amount: 'Amount',
          transactionId: 'Trans No',
          supplierName: 'Supplier Name',
        },
      }),
    );
    const csv = [
      'Paid Date,Trans No,Amount,Supplier Name',
      '22/09/2015,47981658-1,249.11,DENNIS EAGLE LTD',
      '22/09/2015,47981658_0,327.97,P A TURNEY LTD',
    ].join('\r\n');
    const before = await spend();
    const result = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([Buffer.from(csv)]),
    });
    expect(result).toMatchObject({ status: 'completed', rowsImported: 0, rowsDuplicate: 2 });
    expect(await spend()).toEqual(before);
  });
});
