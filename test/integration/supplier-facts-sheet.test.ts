import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend } from '@compact-tracker/store/supplier-spend';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// Classifying many suppliers from a CSV sheet (POST /v1/organisations/{oid}/supplier-facts) against
// DynamoDB Local: names as the organisation's rows write them and ids; the whole sheet checked
// before anything is written; the organisation's shares moving as for one supplier at a time.

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
const ids: Record<string, string> = {};

async function paid(organisationId: string, name: string, quarter: string, amountPence: number) {
  const { supplierId } = await resolveSupplier(h.deps.db, {
    organisationId,
    name,
    at: new Date().toISOString(),
    newId: ulid,
  });
  await addSupplierSpend(h.deps.db, {
    organisationId,
    quarter,
    supplierId,
    rowFlags: {},
    amountPence,
    rows: 1,
  });
  return supplierId;
}

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('PUT', `/v1/partnerships/${w.partnership.id}/area`, w.tokens.coordinator, { postcodes: ['OX'] });
  // Names as Oxford City Council's files write them.
  ids.reed = await paid(w.org1.id, 'REED SPECIALIST RECRUITMENT LIMITED', '2025-26-Q1', 500_000_00);
  ids.bt = await paid(w.org1.id, 'BT GLOBAL SERVIES', '2025-26-Q1', 50_000_00);
  ids.oxfordshire = await paid(w.org1.id, 'Oxfordshire County Council', '2025-26-Q2', 300_000_00);
  ids.untouched = await paid(w.org1.id, 'Thames Water Utilities Ltd', '2025-26-Q1', 150_000_00);
  ids.undisclosed = await paid(w.org1.id, 'Reacted personal data', '2025-26-Q1', 1_000_00);
  ids.elsewhere = await paid(w.org2.id, 'Elsewhere Builders Ltd', '2025-26-Q1', 10_000_00);
});

const sheet = (...lines: string[]) => ({ csv: lines.join('\r\n') });
const post = (body: unknown, token = w.tokens.officer) =>
  h.call('POST', `/v1/organisations/${w.org1.id}/supplier-facts`, { token, body });
const shares = async () => {
  const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
  expect(list.status).toBe(200);
  return list.body.shares.find((s: { partnershipId: string | null }) => s.partnershipId === w.partnership.id);
};
const supplierItems = async () =>
  (await tableItems(h)).filter(
    (i) => String(i.PK).startsWith('SUPPLIER') || String(i.PK).includes('SUPPLIER'),
  );

describe('classifying many suppliers from a sheet', () => {
  it('refuses a sheet with any bad row, listing every row at fault, and writes nothing', async () => {
    const before = await supplierItems();
    const response = await post(
      sheet(
        'Supplier,Post Code,Company No,SME,VCSE,Public body,Organisation',
        'Reed Specialist Recruitment Ltd,OX1 1BX,,Y,N,,',
        'BT Global Services,,,Y,,,', // spelt right: not a name of this organisation's rows
        `${ids.elsewhere},,,Y,,,`, // another organisation's supplier
        'Elsewhere Builders Ltd,,,N,,,', // the same, by name
        'Redacted,,,Y,,,',
        `${ids.bt},nowhere,,perhaps,,,`,
        'REED SPECIALIST RECRUITMENT LIMITED,OX1 1BX,,N,,,', // the same supplier, other facts
        `Oxfordshire County Council,,,,,,NO-SUCH-ORG`,
      ),
    );
    expectProblem(response, 422);
    expect(response.body.detail).toMatch(/^nothing was saved/);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'csv.3.supplier',
      'csv.4.supplier',
      'csv.5.supplier',
      'csv.6.supplier',
      'csv.7.postcode',
      'csv.7.sme',
      'csv.8.supplier',
      'csv.9.organisation',
    ]);
    expect(response.body.errors[1].message).toContain('not a supplier this organisation has paid');
    expect(response.body.errors[6].message).toContain('also on row 2 with different facts');
    expect(await supplierItems()).toEqual(before);

    const header = await post(sheet('Supplier,Local,SME', 'BT GLOBAL SERVIES,Y,Y'));
    expectProblem(header, 422);
    expect(header.body.errors[0]).toMatchObject({ path: 'csv.1.Local' });
    expectProblem(await post(sheet('supplier,sme', 'x,"Y')), 422);
  });

  it("classifies suppliers by name and by id, and the organisation's shares move", async () => {
    const before = await shares();
    expect(before.sme).toEqual({ classifiedPence: 0, yesPence: 0 });
    const response = await post(
      sheet(
        'supplier,postcode,company number,sme,vcse,public body,organisation,spend',
        'Reed Specialist Recruitment Ltd,OX1 1BX,,Y,N,,,"£500,000"',
        `${ids.bt},RG1 1AA,,n,,,,`,
        `Oxfordshire County Council,OX1 1ND,,,,yes,${w.org2.id},`,
        'REED SPECIALIST RECRUITMENT LIMITED,,,yes,,,,', // again, agreeing: merged
      ),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      organisationId: w.org1.id,
      rows: 4,
      suppliers: 3,
      suppliersClassified: 3,
      factsChanged: 8,
      unchangedRows: 0,
    });
    const reed = await h.call('GET', `/v1/suppliers/${ids.reed}`, {});
    expect(reed.body).toMatchObject({ postcode: 'OX1 1BX', sme: true, vcse: false });
    expect(reed.body.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'sme', value: true, setBy: w.org1.id })]),
    );
    const after = await shares();
    // SME is known for Reed (yes) and BT (no); the county (org2 has signed no compact, so this is
    // third-party spend) is known to be local by its postcode, as is Reed; BT (RG1) is not local.
    expect(after.sme).toEqual({ classifiedPence: 550_000_00, yesPence: 500_000_00 });
    expect(after.local.yesPence).toBe(500_000_00 + 300_000_00);
    expect(after.local.classifiedPence).toBe(500_000_00 + 50_000_00 + 300_000_00);

    const again = await post(sheet('supplier,sme', `${ids.reed},Y`, 'BT GLOBAL SERVIES,N'));
    expect(again.body).toMatchObject({ suppliersClassified: 0, factsChanged: 0, unchangedRows: 2 });
  });

  it('refuses a number another supplier holds, naming it, and writes nothing', async () => {
    await w.ok('PUT', `/v1/suppliers/${ids.untouched}`, w.tokens.officer, { companyNumber: '02366661' });
    const before = await supplierItems();
    const response = await post(
      sheet(
        'supplier,company number,sme',
        'BT GLOBAL SERVIES,,Y',
        'Reed Specialist Recruitment Ltd,2366661,Y',
      ),
    );
    expectProblem(response, 409);
    expect(response.body.detail).toContain('company number 02366661');
    expect(response.body.detail).toContain(`${ids.untouched} (Thames Water Utilities Ltd)`);
    expect(await supplierItems()).toEqual(before);
    const twice = await post(
      sheet('supplier,charity number', 'BT GLOBAL SERVIES,1234567', `${ids.reed},1234567`),
    );
    expectProblem(twice, 422);
    expect(twice.body.errors[0].message).toContain('also given to');
  });

  it("is for the organisation's officers and representatives", async () => {
    const body = sheet('supplier,sme', `${ids.bt},N`);
    expect((await post(body, w.tokens.rep)).status).toBe(200);
    expectProblem(await post(body, w.tokens.otherRep), 403);
    expectProblem(await post(body, w.tokens.coordinator), 403);
    expectProblem(await h.call('POST', `/v1/organisations/${w.org1.id}/supplier-facts`, { body }), 401);
    expectProblem(await post({ csv: '' }), 400);
  });
});
