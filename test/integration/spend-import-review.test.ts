import { Readable } from 'node:stream';
import { fullApiApp } from '@compact-tracker/api/app';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type AppCall, appClient, type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

// An import's life past its first run, through the API: stopped for review (nothing written),
// run again with the suggested format, confirmed to import the valid rows, the same file named,
// rows restated by a later import with another category map, and reverts (blocked by a later
// restatement until that is reverted) that put the ledger back exactly.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
let call: AppCall;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  // Uploads kept in memory; running again runs the import job in process, as the laptop does.
  const uploads = {
    uploadUrl: async (key: string) => `http://uploads.test/${key}`,
    rerun: async (key: string) => {
      const target = parseImportUploadKey(key);
      if (!target) throw new Error(`not an upload key: ${key}`);
      await runSpendImport(h.deps.db, target.organisationId, target.importId, {
        open: async () => Readable.from([files.get(key) as Buffer]),
      });
    },
  };
  call = appClient(fullApiApp({ ...h.deps, uploads }));
});

const header = 'Body,Expense Type,Paid Date,Trans No,Amount,Supplier Name';
const mapping = {
  date: 'Paid Date',
  amount: 'Amount',
  transactionId: 'Trans No',
  category: 'Expense Type',
  supplierName: 'Supplier Name',
  categoryMap: { Repairs: 'construction', Software: 'ict' },
};

/** Creates an import of `csv` (under `head`) and runs it as its upload would. */
async function imported(csv: string[], overrides: Record<string, unknown> = {}, head = header) {
  const id = ulid();
  const record = waitingImport(w.org1.id, id, { mapping: mapping as never, ...overrides });
  files.set(record.uploadKey, Buffer.from([head, ...csv].join('\r\n')));
  await createSpendImport(h.deps.db, record);
  await runSpendImport(h.deps.db, w.org1.id, id, {
    open: async () => Readable.from([files.get(record.uploadKey) as Buffer]),
  });
  return id;
}

const base = () => `/v1/organisations/${w.org1.id}`;
const get = async (id: string) => {
  const response = await call('GET', `${base()}/spend-imports/${id}`, { token: w.tokens.officer });
  expect(response.status).toBe(200);
  return response.body;
};
const post = (id: string, action: string, body?: unknown) =>
  call('POST', `${base()}/spend-imports/${id}/${action}`, { token: w.tokens.officer, body });
const spend = async () => {
  const response = await call('GET', `${base()}/spend`, { token: w.tokens.officer });
  return Object.fromEntries(
    (response.body.items as { quarter: string; category: string; totalPence: number }[]).map((i) => [
      `${i.quarter} ${i.category}`,
      i.totalPence,
    ]),
  );
};

// A dd/mm/yyyy file of 2015-16 Q4: 1,000.00 + 200.00 + 30.00 + 4.00 = £1,234.00.
const janMar = [
  'Oxford City Council,Repairs,05/01/2016,60000001,1000.00,Acme Ltd',
  'Oxford City Council,Repairs,13/01/2016,60000002,200.00,Acme Ltd',
  'Oxford City Council,Software,20/02/2016,60000003,30.00,Byte Co',
  'Oxford City Council,Software,28/03/2016,60000004,4.00,Byte Co',
];

describe('review, retry and confirm', () => {
  it('stops a file read in the wrong date format, writes nothing, and runs again with the suggested one', async () => {
    const before = await tableItems(h);
    const id = await imported(janMar, { dateFormat: 'mm/dd/yyyy' });
    const stopped = await get(id);
    expect(stopped).toMatchObject({
      status: 'needs-review',
      rowsRejected: 3,
      rowsImported: 0,
      fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      sameFileAs: [],
      reviewReasons: [
        {
          reason: '3 rows: 13/01/2016 is not mm/dd/yyyy; the file reads as dd/mm/yyyy',
          rows: 3,
          suggestedDateFormat: 'dd/mm/yyyy',
        },
      ],
    });
    expect(await spend()).toEqual({});
    // Only the import's own record and its rejected rows changed: no ledger line, no total.
    const changed = (await tableItems(h)).filter(
      (item) => !before.some((b) => b.PK === item.PK && b.SK === item.SK),
    );
    expect(
      changed.every((item) => String(item.PK).startsWith('IMPORT#') || String(item.SK).startsWith('IMPORT#')),
    ).toBe(true);

    expectProblem(await post(id, 'revert'), 409);
    const retried = await post(id, 'retry', { dateFormat: 'dd/mm/yyyy' });
    expect(retried.status).toBe(202);
    expect(await get(id)).toMatchObject({
      status: 'completed',
      rowsImported: 4,
      rowsRejected: 0,
      rejected: [],
    });
    expect(await spend()).toEqual({ '2015-16-Q4 construction': 120_000, '2015-16-Q4 ict': 3_400 });
    expectProblem(await post(id, 'confirm'), 409);
  });

  it('imports only the valid rows once confirmed', async () => {
    const id = await imported([
      'Oxford City Council,Repairs,01/07/2016,70000001,500.00,Acme Ltd',
      'Oxford City Council,Repairs,02/07/2016,70000002,,Acme Ltd',
      'Oxford City Council,Repairs,03/07/2016,70000003,250.00,Acme Ltd',
    ]);
    expect(await get(id)).toMatchObject({
      status: 'needs-review',
      reviewReasons: [{ reason: '1 row: amount is blank (row 3)', rows: 1 }],
    });
    const confirmed = await post(id, 'confirm');
    expect(confirmed.status).toBe(202);
    expect(await get(id)).toMatchObject({
      status: 'completed',
      rowsImported: 2,
      rowsRejected: 1,
      confirmed: true,
    });
    expect((await spend())['2016-17-Q2 construction']).toBe(75_000);
  });
});

describe('the same rows again, restated, and reverted', () => {
  let first = '';
  let second = '';

  it('names the earlier import of the same file and counts nothing twice', async () => {
    const before = await spend();
    const again = await imported(janMar);
    const earlier = (
      await call('GET', `${base()}/spend-imports`, { token: w.tokens.officer })
    ).body.items.find(
      (i: { status: string; rowsImported: number; id: string }) => i.id !== again && i.rowsImported === 4,
    );
    first = earlier.id;
    expect(await get(again)).toMatchObject({ status: 'completed', rowsImported: 0, rowsDuplicate: 4 });
    expect(await spend()).toEqual(before);
    // The same bytes as the first import's (read then with the wrong format, then again).
    expect((await get(again)).sameFileAs).toEqual(expect.arrayContaining([first]));
  });

  it('restates rows another category map reads otherwise: totals move by the difference', async () => {
    second = await imported(janMar, {
      mapping: { ...mapping, categoryMap: { Repairs: 'construction', Software: 'professional-services' } },
    });
    const restated = await get(second);
    expect(restated).toMatchObject({
      status: 'completed',
      rowsImported: 0,
      rowsDuplicate: 2,
      rowsRestated: 2,
    });
    expect(restated.restated).toEqual([
      expect.objectContaining({
        row: 4,
        amountPence: 3_000,
        before: expect.objectContaining({ category: 'ict', supplierName: 'Byte Co' }),
        after: expect.objectContaining({ category: 'professional-services', supplierName: 'Byte Co' }),
      }),
      expect.objectContaining({ row: 5, amountPence: 400 }),
    ]);
    const totals = await spend();
    expect(totals['2015-16-Q4 construction']).toBe(120_000);
    expect(totals['2015-16-Q4 professional-services']).toBe(3_400);
    expect(totals['2015-16-Q4 ict']).toBeUndefined();
  });

  it('will not revert an import before the later one that restated it; then puts the ledger back', async () => {
    const blocked = await post(first, 'revert');
    expectProblem(blocked, 409);
    expect(blocked.body.detail).toContain(second);

    // A small import reverts within the request.
    const undone = await post(second, 'revert');
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('reverted');
    expect(await get(second)).toMatchObject({ status: 'reverted' });
    expect((await spend())['2015-16-Q4 ict']).toBe(3_400);
    expect((await spend())['2015-16-Q4 professional-services']).toBeUndefined();

    expect((await post(first, 'revert')).status).toBe(200);
    const after = await spend();
    expect(after['2015-16-Q4 construction']).toBeUndefined();
    expect(after['2015-16-Q4 ict']).toBeUndefined();
    expect(await get(first)).toMatchObject({ status: 'reverted', revertedBy: 'officer@org1.example' });
    // Again: nothing left to undo, the same answer.
    expect((await post(first, 'revert')).status).toBe(200);
    expect(await spend()).toEqual(after);
  });
});

describe('identity needs the same identity columns', () => {
  it('stops a re-import that reads no transaction number where the earlier import read one, naming it', async () => {
    const rows = [
      'Oxford City Council,Repairs,01/04/2014,80000001,100.00,Acme Ltd',
      'Oxford City Council,Repairs,02/04/2014,80000002,200.00,Acme Ltd',
    ];
    const first = await imported(rows);
    expect(await get(first)).toMatchObject({ status: 'completed', rowsImported: 2 });
    const before = await spend();
    const { transactionId: _t, ...withoutNumbers } = mapping;
    const second = await imported(rows, { mapping: withoutNumbers });
    const stopped = await get(second);
    expect(stopped.status).toBe('needs-review');
    expect(stopped.reviewReasons[0].reason).toContain(
      `2 rows match on date and amount (or date and transaction number) rows imported before by import ${first}`,
    );
    expect(stopped.reviewReasons[0].reason).toContain('no transaction number');
    expect(await spend()).toEqual(before);
    // Confirmed, they are taken as other payments: the officer said so.
    expect((await post(second, 'confirm')).status).toBe(202);
    expect((await spend())['2014-15-Q1 construction']).toBe(60_000);
  });

  it('stops a re-import that reads other identity columns (another reference, another amount column) whose rows match on date and amount', async () => {
    const head = 'Body,Expense Type,Paid Date,Trans No,Invoice No,Net,Gross,Supplier Name';
    const rows = [
      'Oxford City Council,Repairs,01/10/2014,80000021,INV-9,500.00,600.00,Acme Ltd',
      'Oxford City Council,Repairs,02/10/2014,80000022,INV-8,700.00,700.00,Acme Ltd',
    ];
    const first = await imported(rows, { mapping: { ...mapping, amount: 'Net' } }, head);
    expect(await get(first)).toMatchObject({ status: 'completed', rowsImported: 2 });
    const before = await spend();
    // The invoice numbers as the transaction number: the same payments, other identities.
    const byInvoice = await imported(
      rows,
      { mapping: { ...mapping, amount: 'Net', transactionId: 'Invoice No' } },
      head,
    );
    const stopped = await get(byInvoice);
    expect(stopped.status).toBe('needs-review');
    expect(stopped.reviewReasons[0].reason).toContain(
      `2 rows match on date and amount (or date and transaction number) rows imported before by import ${first} (transaction number "trans no" and amount "net")`,
    );
    expect(stopped.reviewReasons[0].reason).toContain(
      'this import reads transaction number "invoice no" and amount "gross"'.replace('gross', 'net'),
    );
    expect(await spend()).toEqual(before);
    // Gross instead of net: the VAT-exempt row (gross = net) is the same identity, a duplicate; the
    // other has the same transaction number and date under another amount: the same payment, which
    // would count twice. The file stops for review (1 of 2 rows), nothing written.
    const byGross = await imported(rows, { mapping: { ...mapping, amount: 'Gross' } }, head);
    const grossStopped = await get(byGross);
    expect(grossStopped.status, JSON.stringify(grossStopped.reviewReasons)).toBe('needs-review');
    expect(grossStopped.reviewReasons[0].reason).toContain(
      `1 row matches on date and amount (or date and transaction number) rows imported before by import ${first} (transaction number "trans no" and amount "net"); this import reads transaction number "trans no" and amount "gross"`,
    );
    expect(await spend()).toEqual(before);
  });

  it('takes the same rows re-published in another layout, mapped by position, as duplicates without a stop', async () => {
    const first = await imported([
      'Oxford City Council,Repairs,01/07/2014,80000011,300.00,Acme Ltd',
      'Oxford City Council,Repairs,02/07/2014,80000012,400.00,Acme Ltd',
    ]);
    expect(await get(first)).toMatchObject({ status: 'completed', rowsImported: 2 });
    const before = await spend();
    // Other headers, other order, ISO dates, pounds with a sign: the same transaction numbers,
    // dates and amounts, so the same identities, whatever the columns are called.
    const second = await imported(
      ['"£300.00",2014-07-01,80000011', '"£400.00",2014-07-02,80000012'],
      { mapping: { date: '#2', amount: '#1', transactionId: '#3' }, dateFormat: 'yyyy-mm-dd' },
      'Value,Date paid,Reference',
    );
    expect(await get(second)).toMatchObject({ status: 'completed', rowsImported: 0, rowsDuplicate: 2 });
    expect(await spend()).toEqual(before);
  });
});
