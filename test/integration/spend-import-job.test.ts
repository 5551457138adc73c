import { Readable } from 'node:stream';
import { parseAmountToPence } from '@compact-tracker/jobs/import/amount';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport, getSpendImport, listRejections } from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';
import { type GeneratedFile, transparencyCsv, transparencyMapping } from '../support/transparency-csv.ts';

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  h = await harness();
  w = await world(h);
});

/** The file as a stream of 16 KB chunks, optionally failing after `failAfter` bytes. */
function source(bytes: Buffer, failAfter?: number) {
  return {
    open: async () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < bytes.length; at += 16 * 1024) {
            if (failAfter !== undefined && at >= failAfter) throw new Error('connection reset');
            yield bytes.subarray(at, at + 16 * 1024);
          }
        })(),
      ),
  };
}

async function newImport(organisationId: string, mapping: object = transparencyMapping) {
  const id = ulid();
  await createSpendImport(h.deps.db, waitingImport(organisationId, id, { mapping: mapping as never }));
  return id;
}

async function ledgerTotals(organisationId: string, token: string, on: Harness = h) {
  const response = await on.call('GET', `/v1/organisations/${organisationId}/spend`, { token });
  expect(response.status).toBe(200);
  return new Map(
    (
      response.body.items as {
        quarter: string;
        category: string;
        totalPence: number;
        localPence: number;
        smePence: number;
      }[]
    ).map((i) => [
      `${i.quarter}|${i.category}`,
      { totalPence: i.totalPence, localPence: i.localPence, smePence: i.smePence },
    ]),
  );
}

function expectTotals(actual: Map<string, object>, expected: GeneratedFile['totals']) {
  expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
}

// Files of 3,000 rows, each row resolving its supplier and writing spend by supplier as it goes:
// given longer than the default, for a machine shared with other test runs.
describe('spend CSV import job', { timeout: 120_000 }, () => {
  const file = transparencyCsv({ rows: 3000, invalidEvery: 97 });
  const validRows = file.rows - file.rejectedLines.length;

  it('imports a real-looking file with every quirk, totals matching an independent sum', async () => {
    const id = await newImport(w.org1.id);
    const result = await runSpendImport(h.deps.db, w.org1.id, id, source(file.bytes), { progressEvery: 500 });
    expect(result.status).toBe('completed');
    const stored = await getSpendImport(h.deps.db, w.org1.id, id);
    expect(stored).toMatchObject({
      status: 'completed',
      rowsTotal: 3000,
      rowsProcessed: 3000,
      rowsImported: validRows,
      rowsDuplicate: 0,
      rowsRejected: file.rejectedLines.length,
      encoding: 'utf-8',
    });
    expect(stored?.totalsByQuarter).toEqual(file.totalsByQuarter);
    const rejected = await listRejections(h.deps.db, id, 1000);
    expect(rejected.map((r) => r.row)).toEqual(file.rejectedLines);
    expect(new Set(rejected.map((r) => r.reason.replace(/".*"/, '"…"')))).toEqual(
      new Set(['date "…" does not exist', 'amount "…" is not a number', 'amount is blank']),
    );
    expectTotals(await ledgerTotals(w.org1.id, w.tokens.officer), file.totals);
  });

  it('counts nothing twice when the same file is imported again', async () => {
    const id = await newImport(w.org1.id);
    await runSpendImport(h.deps.db, w.org1.id, id, source(file.bytes));
    expect(await getSpendImport(h.deps.db, w.org1.id, id)).toMatchObject({
      status: 'completed',
      rowsImported: 0,
      rowsDuplicate: validRows,
      totalsByQuarter: {},
    });
    expectTotals(await ledgerTotals(w.org1.id, w.tokens.officer), file.totals);
  });

  it('imports only the new rows of an overlapping file', async () => {
    const overlapping = transparencyCsv({ rows: 2000, startAt: 2000, invalidEvery: 97 });
    const id = await newImport(w.org1.id);
    await runSpendImport(h.deps.db, w.org1.id, id, source(overlapping.bytes));
    const stored = await getSpendImport(h.deps.db, w.org1.id, id);
    const union = transparencyCsv({ rows: 4000, invalidEvery: 97 });
    expect(stored?.rowsImported).toBe(1000 - union.rejectedLines.filter((l) => l > 3001).length);
    expectTotals(await ledgerTotals(w.org1.id, w.tokens.officer), union.totals);
  });

  it('counts repeats far apart in a file once, and a row of the same identity with other cells as a line of its own', async () => {
    // Rows 1-3 repeated cell for cell at the end, batches after their first; row 4 again with
    // another supplier: the same identity, another payment.
    const small = transparencyCsv({ rows: 300, seed: 11 });
    const lines = small.bytes.toString('utf8').split('\r\n');
    const data = lines.slice(1, 301);
    const plain = data.find((line) => !line.includes('"')) as string;
    const cells = plain.split(',');
    const variant = [...cells.slice(0, 9), 'Another Supplier Ltd', ...cells.slice(10)].join(',');
    const bytes = Buffer.from([lines[0], ...data, data[0], data[1], data[2], variant].join('\r\n'), 'utf8');
    const organisationId = 'ORGREPEATS';
    const id = await newImport(organisationId);
    expect((await runSpendImport(h.deps.db, organisationId, id, source(bytes))).status).toBe('completed');
    const stored = await getSpendImport(h.deps.db, organisationId, id);
    expect(stored).toMatchObject({
      rowsProcessed: 304,
      rowsImported: 301,
      rowsDuplicate: 3,
      rowsRejected: 0,
    });
    const sum = (totals: Record<string, number>) => Object.values(totals).reduce((a, b) => a + b, 0);
    const amount = parseAmountToPence(cells[6]);
    if (!amount.ok) throw new Error(amount.reason);
    expect(sum(stored?.totalsByQuarter ?? {})).toBe(sum(small.totalsByQuarter) + amount.value);
  });

  it('reads Windows-1252 files', async () => {
    const legacy = transparencyCsv({ rows: 500, seed: 7, encoding: 'windows-1252' });
    expect(legacy.bytes.includes(0xa3) || legacy.bytes.includes(0xe9)).toBe(true);
    const id = await newImport(w.org2.id);
    await runSpendImport(h.deps.db, w.org2.id, id, source(legacy.bytes));
    expect(await getSpendImport(h.deps.db, w.org2.id, id)).toMatchObject({
      status: 'completed',
      encoding: 'windows-1252',
      rowsImported: 500,
    });
    expectTotals(await ledgerTotals(w.org2.id, w.tokens.otherRep), legacy.totals);
  });

  it('ends with exactly the right totals when an interrupted import is run again', async () => {
    const h2 = await harness();
    const w2 = await world(h2);
    // Long enough that the first half fills more than one window of rows the writer groups.
    const big = transparencyCsv({ rows: 3000, seed: 3, invalidEvery: 50 });
    const id = ulid();
    await createSpendImport(h2.deps.db, waitingImport(w2.org1.id, id));
    // The first run fails midway through writing (the survey and review passes read the whole
    // file: let them).
    let opened = 0;
    const flaky = {
      open: async () => {
        opened += 1;
        return (opened <= 2 ? source(big.bytes) : source(big.bytes, Math.floor(big.bytes.length / 2))).open();
      },
    };
    await expect(runSpendImport(h2.deps.db, w2.org1.id, id, flaky, { rowsPerBatch: 1000 })).rejects.toThrow(
      'connection reset',
    );
    expect(await getSpendImport(h2.deps.db, w2.org1.id, id)).toMatchObject({ status: 'failed' });
    const partial = await ledgerTotals(w2.org1.id, w2.tokens.officer, h2);
    expect(partial.size).toBeGreaterThan(0);

    await runSpendImport(h2.deps.db, w2.org1.id, id, source(big.bytes));
    expect(await getSpendImport(h2.deps.db, w2.org1.id, id)).toMatchObject({
      status: 'completed',
      rowsImported: big.rows - big.rejectedLines.length,
      rowsDuplicate: 0,
      totalsByQuarter: big.totalsByQuarter,
    });
    expectTotals(await ledgerTotals(w2.org1.id, w2.tokens.officer, h2), big.totals);
  });

  it('fails with the reason when a mapped column is missing, writing no entries', async () => {
    const id = await newImport(w.org2.id, { ...transparencyMapping, amount: 'Net Amount' });
    const before = await ledgerTotals(w.org2.id, w.tokens.otherRep);
    const result = await runSpendImport(h.deps.db, w.org2.id, id, source(file.bytes));
    expect(result.status).toBe('failed');
    const stored = await getSpendImport(h.deps.db, w.org2.id, id);
    expect(stored?.error).toMatch(/no column for amount \("Net Amount"\); its columns are: "Body Name"/);
    expect(await ledgerTotals(w.org2.id, w.tokens.otherRep)).toEqual(before);
  });

  it('never marks an import completed when a batch failed; the re-run makes the totals exact', async () => {
    const h3 = await harness();
    const w3 = await world(h3);
    const file3 = transparencyCsv({ rows: 1500, seed: 11 });
    const id = ulid();
    await createSpendImport(h3.deps.db, waitingImport(w3.org1.id, id));
    // A fault-injecting client: the third transaction fails with an error no retry fixes.
    const send = h3.deps.db.doc.send.bind(h3.deps.db.doc);
    let transactions = 0;
    h3.deps.db.doc.send = (async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'TransactWriteCommand' && ++transactions === 3) {
        throw Object.assign(new Error('injected'), { name: 'InternalFailure' });
      }
      return send(command as never);
    }) as typeof h3.deps.db.doc.send;
    await expect(runSpendImport(h3.deps.db, w3.org1.id, id, source(file3.bytes))).rejects.toThrow('injected');
    expect(await getSpendImport(h3.deps.db, w3.org1.id, id)).toMatchObject({ status: 'failed' });
    h3.deps.db.doc.send = send;
    await runSpendImport(h3.deps.db, w3.org1.id, id, source(file3.bytes));
    expect(await getSpendImport(h3.deps.db, w3.org1.id, id)).toMatchObject({
      status: 'completed',
      rowsImported: 1500,
    });
    expectTotals(await ledgerTotals(w3.org1.id, w3.tokens.officer, h3), file3.totals);
  });
});
