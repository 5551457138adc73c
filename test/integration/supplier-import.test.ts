import { Readable } from 'node:stream';
import { fullApiApp } from '@compact-tracker/api/app';
import { parseImportUploadKey } from '@compact-tracker/domain/spend-import';
import { runSpendImport } from '@compact-tracker/jobs/import/run-import';
import { createSpendImport } from '@compact-tracker/store/spend-imports';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { world } from '../support/fixtures.ts';
import { appClient, type Harness, harness, runReportsNow } from '../support/harness.ts';
import { waitingImport } from '../support/spend-import-record.ts';

// An import resolves each row's supplier and adds its spend to spend by supplier and the classified
// totals in the transaction that writes its ledger lines; classifying suppliers moves the
// organisation's local, SME and VCSE shares; a restatement moves them by the difference; reverting
// takes them back.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;

const header = 'Transaction Number,Payment Date,Amount,Supplier Name,Expense Type,SME';
const rows = [
  '1001,10/05/2025,1000.00,REED SPECIALIST RECRUITMENT LIMITED,IT Software,',
  '1002,11/05/2025,500.00,Reed Specialist Recruitment Ltd,IT Software,',
  '1003,12/05/2025,250.00,BT Global Servies,IT Software,',
  '1004,13/05/2025,100.00,Redacted personal data,IT Software,',
  '1005,14/05/2025,2000.00,County Services,Consultancy Fees,',
  '1006,15/07/2025,300.00,Reed Specialist Recruitment Ltd,IT Software,',
  '1007,16/07/2025,75.00,Small Firm Ltd,IT Software,Y',
];
const file = Buffer.from(`${header}\n${rows.join('\n')}\n`);
const mapping = {
  date: 'Payment Date',
  amount: 'Amount',
  transactionId: 'Transaction Number',
  supplierName: 'Supplier Name',
  category: 'Expense Type',
  categoryMap: { 'IT Software': 'ict', 'Consultancy Fees': 'professional-services' },
};

async function runImport(withSme: boolean) {
  const id = ulid();
  const m = withSme ? { ...mapping, sme: 'SME' } : mapping;
  await createSpendImport(h.deps.db, waitingImport(w.org1.id, id, { mapping: m as never }));
  const result = await runSpendImport(h.deps.db, w.org1.id, id, { open: async () => Readable.from([file]) });
  expect(result.status).toBe('completed');
  const read = await h.call('GET', `/v1/organisations/${w.org1.id}/spend-imports/${id}`, {
    token: w.tokens.officer,
  });
  expect(read.status).toBe(200);
  return { id, body: read.body };
}

type Shares = {
  partnershipId: string | null;
  spendPence: number;
  interPartnerPence: number;
  local: { classifiedPence: number; yesPence: number };
  sme: { classifiedPence: number; yesPence: number };
  vcse: { classifiedPence: number; yesPence: number };
};

async function suppliers() {
  const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const shares = (list.body.shares as Shares[]).find((s) => s.partnershipId === w.partnership.id) as Shares;
  const byName = new Map<string, { supplierId: string; spendPence: number; rows: number }>(
    list.body.items.map((i: { name: string }) => [i.name, i]),
  );
  return { body: list.body, shares, byName };
}

const idOf = (list: Awaited<ReturnType<typeof suppliers>>, name: string) =>
  (list.byName.get(name) as { supplierId: string }).supplierId;

async function classify(supplierId: string, facts: object) {
  const put = await h.call('PUT', `/v1/suppliers/${supplierId}`, { token: w.tokens.officer, body: facts });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

async function smePence() {
  const spend = await h.call('GET', `/v1/organisations/${w.org1.id}/spend`, { token: w.tokens.officer });
  return (spend.body.items as { smePence: number }[]).reduce((sum, i) => sum + i.smePence, 0);
}

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  // Signed before the file's year (2025-26), so that the compact's reports cover it.
  const now = h.deps.now;
  h.deps.now = () => new Date('2025-04-01T10:00:00.000Z');
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id));
  h.deps.now = now;
  await w.ok('PUT', `/v1/partnerships/${w.partnership.id}/area`, w.tokens.coordinator, {
    postcodes: ['OX1', 'OX4'],
  });
});

describe('an import adds to spend by supplier', () => {
  let first: string;
  let restating: string;

  it('resolves each row, says how many suppliers are new and what is unclassified', async () => {
    const imported = await runImport(false);
    first = imported.id;
    expect(imported.body).toMatchObject({ rowsImported: 7, newSuppliers: 4, unclassifiedPence: 4125_00 });
    const list = await suppliers();
    expect(
      list.body.items.map((i: { name: string; spendPence: number; rows: number }) => [
        i.name,
        i.spendPence,
        i.rows,
      ]),
    ).toEqual([
      ['County Services', 2000_00, 1],
      ['REED SPECIALIST RECRUITMENT LIMITED', 1800_00, 3],
      ['BT Global Servies', 250_00, 1],
      ['Undisclosed (redacted or blank names)', 100_00, 1],
      ['Small Firm Ltd', 75_00, 1],
    ]);
    expect(list.body).toMatchObject({ spendPence: 4225_00, unclassifiedPence: 4125_00 });
    expect(list.shares).toMatchObject({
      spendPence: 4225_00,
      interPartnerPence: 0,
      local: { classifiedPence: 0, yesPence: 0 },
      sme: { classifiedPence: 0, yesPence: 0 },
    });
  });

  it('classifying suppliers moves the shares; a fellow signatory is spend between partners', async () => {
    const list = await suppliers();
    await classify(idOf(list, 'REED SPECIALIST RECRUITMENT LIMITED'), { postcode: 'OX4 2DU', sme: true });
    await classify(idOf(list, 'BT Global Servies'), { postcode: 'RG1 1AA', sme: false, vcse: false });
    await classify(idOf(list, 'County Services'), { organisationId: w.org2.id, publicBody: true });
    const after = await suppliers();
    expect(after.shares).toMatchObject({
      spendPence: 4225_00,
      interPartnerPence: 2000_00,
      local: { classifiedPence: 2050_00, yesPence: 1800_00 },
      sme: { classifiedPence: 2050_00, yesPence: 1800_00 },
      vcse: { classifiedPence: 250_00, yesPence: 0 },
    });
    expect(after.body.unclassifiedPence).toBe(75_00);
  });

  it("the compact's report shows the same spend between partners, shares and coverage", async () => {
    await runReportsNow(h.call, w.tokens.coordinator);
    const report = await h.call('GET', `/v1/compacts/${w.compact.id}/reports/2025-26`, {
      token: w.tokens.coordinator,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.interPartnerPence).toBe(2000_00);
    // Third-party spend: 4,225 less 2,000 to the fellow signatory; local and SME known for 2,050.
    expect(report.body.shares.local).toBeCloseTo(1800 / 2050, 6);
    expect(report.body.coverage.local).toBeCloseTo(2050 / 2225, 6);
    expect(report.body.shares.sme).toBeCloseTo(1800 / 2050, 6);
    expect(report.body.coverage.vcse).toBeCloseTo(250 / 2225, 6);
  });

  it("a restatement reading the file's SME column moves by the difference: the row's flag wins", async () => {
    const ledgerSme = await smePence();
    const restated = await runImport(true);
    restating = restated.id;
    // Only the row whose SME cell says otherwise than the ledger is restated: its flag (yes) wins
    // over its supplier, which has no SME fact; rows read the same stay as they were.
    expect(restated.body).toMatchObject({ rowsImported: 0, rowsRestated: 1, newSuppliers: 0 });
    const after = await suppliers();
    expect(await smePence()).toBe(ledgerSme + 75_00);
    expect(after.shares).toMatchObject({
      spendPence: 4225_00,
      interPartnerPence: 2000_00,
      local: { classifiedPence: 2050_00, yesPence: 1800_00 },
      sme: { classifiedPence: 2125_00, yesPence: 1875_00 },
    });
    expect(after.body.unclassifiedPence).toBe(75_00);
    expect(after.byName.get('REED SPECIALIST RECRUITMENT LIMITED')).toMatchObject({
      spendPence: 1800_00,
      rows: 3,
    });
  });

  it('reverting takes the totals back, the restatement first', async () => {
    // Running again (a revert, here) runs the import job in process, as the laptop does.
    const uploads = {
      uploadUrl: async (key: string) => `http://uploads.test/${key}`,
      rerun: async (key: string) => {
        const target = parseImportUploadKey(key);
        if (!target) throw new Error(`not an upload key: ${key}`);
        await runSpendImport(h.deps.db, target.organisationId, target.importId, {
          open: async () => Readable.from([file]),
        });
      },
    };
    const call = appClient(fullApiApp({ ...h.deps, uploads }));
    const revert = async (id: string) => {
      const started = await call('POST', `/v1/organisations/${w.org1.id}/spend-imports/${id}/revert`, {
        token: w.tokens.officer,
      });
      expect(started.body.status).toBe('reverted');
      return started;
    };
    expect((await revert(restating)).status).toBe(200);
    expect((await suppliers()).shares).toMatchObject({
      interPartnerPence: 2000_00,
      sme: { classifiedPence: 2050_00, yesPence: 1800_00 },
    });
    expect((await revert(first)).status).toBe(200);
    const gone = await suppliers();
    expect(gone.body.spendPence).toBe(0);
    expect(gone.body.items.every((i: { rows: number }) => i.rows === 0)).toBe(true);
    expect(gone.shares).toMatchObject({
      spendPence: 0,
      interPartnerPence: 0,
      local: { classifiedPence: 0, yesPence: 0 },
      sme: { classifiedPence: 0, yesPence: 0 },
    });
  });
});

describe('blank cells of a flag column the import reads', () => {
  it("state nothing: the supplier's facts apply to them, while a cell saying no still wins", async () => {
    const lines = [
      '9001,10/06/2025,100.00,Blank Cell Trading Ltd,IT Software,',
      '9002,11/06/2025,50.00,Blank Cell Trading Ltd,IT Software,N',
      '9003,12/06/2025,20.00,Blank Cell Trading Ltd,IT Software,Y',
    ];
    const bytes = Buffer.from(`${header}\n${lines.join('\n')}\n`);
    const id = ulid();
    await createSpendImport(
      h.deps.db,
      waitingImport(w.org1.id, id, { mapping: { ...mapping, sme: 'SME' } as never }),
    );
    const result = await runSpendImport(h.deps.db, w.org1.id, id, {
      open: async () => Readable.from([bytes]),
    });
    expect(result.status).toBe('completed');
    const before = await suppliers();
    // Unclassified, the blank row's SME is unknown; the rows saying no and yes are known.
    const supplierId = idOf(before, 'Blank Cell Trading Ltd');
    await classify(supplierId, { sme: true });
    const after = await suppliers();
    expect(after.shares.sme.classifiedPence - before.shares.sme.classifiedPence).toBe(100_00);
    expect(after.shares.sme.yesPence - before.shares.sme.yesPence).toBe(100_00);
    await classify(supplierId, { sme: false });
    const no = await suppliers();
    expect(no.shares.sme.classifiedPence - before.shares.sme.classifiedPence).toBe(100_00);
    expect(no.shares.sme.yesPence - before.shares.sme.yesPence).toBe(0);
  });
});

describe('a change of facts while an import of the same organisation runs', () => {
  it('ends with the classified totals of a clean run: every row under the facts in force', async () => {
    const lines = Array.from(
      { length: 600 },
      (_, i) =>
        `${5000 + i},${String(1 + (i % 28)).padStart(2, '0')}/05/2025,1.00,Race Supplier Ltd,IT Software,`,
    );
    const bytes = Buffer.from(`${header}\n${lines.join('\n')}\n`);
    const id = ulid();
    await createSpendImport(h.deps.db, waitingImport(w.org2.id, id, { mapping: mapping as never }));
    const running = runSpendImport(h.deps.db, w.org2.id, id, { open: async () => Readable.from([bytes]) });
    // Classify the supplier as soon as the organisation has paid it (its first batch written).
    let classified = false;
    let settled = false;
    void running.finally(() => {
      settled = true;
    });
    while (!classified && !settled) {
      const list = await h.call('GET', `/v1/organisations/${w.org2.id}/suppliers`, {
        token: w.tokens.otherRep,
      });
      const race = (list.body.items ?? []).find((i: { name: string }) => i.name === 'Race Supplier Ltd');
      if (race) {
        const put = await h.call('PUT', `/v1/suppliers/${race.supplierId}`, {
          token: w.tokens.otherRep,
          body: { postcode: 'OX4 1AA', sme: true },
        });
        expect(put.status).toBe(200);
        classified = true;
      }
    }
    expect(classified, 'classified while the import ran').toBe(true);
    expect((await running).status).toBe('completed');
    const list = await h.call('GET', `/v1/organisations/${w.org2.id}/suppliers`, {
      token: w.tokens.otherRep,
    });
    const shares = (list.body.shares as Shares[]).find((s) => s.partnershipId === w.partnership.id) as Shares;
    expect(shares).toMatchObject({
      spendPence: 600_00,
      local: { classifiedPence: 600_00, yesPence: 600_00 },
      sme: { classifiedPence: 600_00, yesPence: 600_00 },
    });
  });
});
