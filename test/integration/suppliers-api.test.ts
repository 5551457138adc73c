import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend } from '@compact-tracker/store/supplier-spend';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, tableItems, world } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/harness.ts';

// The supplier routes end to end over spend by supplier that the importer will write (added here
// through the same store functions the importer calls).

let h: Harness;
let w: Awaited<ReturnType<typeof world>>;
const ids: Record<string, string> = {};

async function paid(organisationId: string, name: string, quarter: string, amountPence: number, rows = 1) {
  const { supplierId } = await resolveSupplier(h.deps.db, {
    organisationId,
    name,
    at: new Date().toISOString(),
    newId: ulid,
  });
  await addSupplierSpend(h.deps.db, { organisationId, quarter, supplierId, rowFlags: {}, amountPence, rows });
  return supplierId;
}

beforeAll(async () => {
  h = await harness();
  w = await world(h);
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.rep, w.signature(w.org1.id));
  await w.ok('POST', `/v1/compacts/${w.compact.id}/signatures`, w.tokens.otherRep, w.signature(w.org2.id));
  ids.reed = await paid(w.org1.id, 'REED SPECIALIST RECRUITMENT LTD', '2025-26-Q1', 500_000_00, 40);
  await paid(w.org1.id, 'Reed Specialist Recruitment Limited', '2025-26-Q2', 100_000_00, 10);
  ids.county = await paid(w.org1.id, 'ORG TWO', '2025-26-Q1', 300_000_00, 5);
  ids.bt = await paid(w.org1.id, 'BT GLOBAL SERVIES', '2025-26-Q1', 50_000_00, 3);
  ids.undisclosed = await paid(w.org1.id, 'Redacted personal data', '2025-26-Q1', 20_000_00, 7);
  await paid(w.org2.id, 'Reed Specialist Recruitment Ltd', '2025-26-Q1', 40_000_00, 2);
});

describe('an organisation classifies its suppliers', () => {
  it('lists suppliers largest first with rows, running coverage and the unclassified total', async () => {
    const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(
      list.body.items.map((i: { name: string; spendPence: number; rows: number }) => [
        i.name,
        i.spendPence,
        i.rows,
      ]),
    ).toEqual([
      ['REED SPECIALIST RECRUITMENT LTD', 600_000_00, 50],
      ['ORG TWO', 300_000_00, 5],
      ['BT GLOBAL SERVIES', 50_000_00, 3],
      ['Undisclosed (redacted or blank names)', 20_000_00, 7],
    ]);
    expect(list.body.items[0]).toMatchObject({
      postcode: null,
      sme: null,
      vcse: null,
      cumulativeShare: 600 / 970,
    });
    expect(list.body).toMatchObject({
      suppliers: 4,
      spendPence: 970_000_00,
      unclassifiedSuppliers: 3,
      unclassifiedPence: 950_000_00,
    });
    const search = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers?q=reed%20specialist`, {
      token: w.tokens.board,
    });
    expect(search.body.items.map((i: { supplierId: string }) => i.supplierId)).toEqual([ids.reed]);
    const paged = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers?limit=2`, {
      token: w.tokens.rep,
    });
    expect(paged.body.items).toHaveLength(2);
    const rest = await h.call(
      'GET',
      `/v1/organisations/${w.org1.id}/suppliers?limit=2&cursor=${paged.body.nextCursor}`,
      {
        token: w.tokens.rep,
      },
    );
    expect(rest.body.items.map((i: { name: string }) => i.name)).toEqual([
      'BT GLOBAL SERVIES',
      'Undisclosed (redacted or blank names)',
    ]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('an officer classifies a supplier; its page shows the facts and their public history', async () => {
    const put = await h.call('PUT', `/v1/suppliers/${ids.reed}`, {
      token: w.tokens.officer,
      body: { postcode: 'b1 2ab', companyNumber: '2634476', sme: false },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ postcode: 'B1 2AB', companyNumber: '02634476', sme: false, vcse: null });
    const page = await h.call('GET', `/v1/suppliers/${ids.reed}`);
    expect(page.status).toBe(200);
    expect(page.body.names.map((n: { normalisedName: string }) => n.normalisedName)).toEqual([
      'REED SPECIALIST RECRUITMENT LTD',
    ]);
    expect(page.body.facts).toContainEqual(
      expect.objectContaining({
        field: 'sme',
        value: false,
        source: 'officer',
        setBy: w.org1.id,
        inForce: true,
      }),
    );
    expect(page.body.history.map((c: { field: string }) => c.field).sort()).toEqual([
      'companyNumber',
      'postcode',
      'sme',
    ]);
    expect(JSON.stringify(page.body)).not.toContain('officer@org1.example');
  });

  it('the list reflects the facts, and local per partnership once the area is set', async () => {
    const area = await h.call('PUT', `/v1/partnerships/${w.partnership.id}/area`, {
      token: w.tokens.coordinator,
      body: { postcodes: ['b', 'WS1', 'dy4'] },
    });
    expect(area.status, JSON.stringify(area.body)).toBe(200);
    expect(area.body.postcodes).toEqual(['B', 'DY4', 'WS1']);
    expect((await h.call('GET', `/v1/partnerships/${w.partnership.id}`)).body.areaPostcodes).toEqual([
      'B',
      'DY4',
      'WS1',
    ]);
    const list = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers`, { token: w.tokens.officer });
    expect(list.body.items[0]).toMatchObject({
      supplierId: ids.reed,
      postcode: 'B1 2AB',
      sme: false,
      localTo: { [w.partnership.id]: true },
    });
    const unclassified = await h.call('GET', `/v1/organisations/${w.org1.id}/suppliers?unclassified=true`, {
      token: w.tokens.officer,
    });
    expect(unclassified.body.items.map((i: { supplierId: string }) => i.supplierId)).toEqual([
      ids.county,
      ids.bt,
    ]);
  });

  it('refuses a company number another supplier holds, naming it, and writes nothing', async () => {
    const before = await tableItems(h);
    const refused = await h.call('PUT', `/v1/suppliers/${ids.bt}`, {
      token: w.tokens.officer,
      body: { companyNumber: '02634476', sme: true },
    });
    expectProblem(refused, 409);
    expect(refused.body.detail).toContain(ids.reed);
    expect(refused.body.detail).toContain('REED SPECIALIST RECRUITMENT LTD');
    expect(await tableItems(h)).toEqual(before);
  });

  it('refuses to classify the undisclosed supplier, and bad facts, in words for people', async () => {
    expectProblem(
      await h.call('PUT', `/v1/suppliers/${ids.undisclosed}`, {
        token: w.tokens.officer,
        body: { sme: true },
      }),
      422,
    );
    const bad = await h.call('PUT', `/v1/suppliers/${ids.bt}`, {
      token: w.tokens.officer,
      body: { postcode: 'nowhere' },
    });
    expectProblem(bad, 400);
    expect(bad.body.errors).toEqual([{ path: 'postcode', message: 'must be a UK postcode such as B1 1BB' }]);
    expectProblem(
      await h.call('PUT', `/v1/suppliers/${ids.bt}`, {
        token: w.tokens.officer,
        body: { organisationId: 'NOSUCHORG' },
      }),
      422,
    );
  });

  it('an officer of an organisation that never paid it may not classify it; an admin may', async () => {
    const org2Only = await paid(w.org2.id, 'Only Org Two Pays Ltd', '2025-26-Q1', 1_00);
    expectProblem(
      await h.call('PUT', `/v1/suppliers/${org2Only}`, { token: w.tokens.officer, body: { sme: true } }),
      403,
    );
    expect(
      (await h.call('PUT', `/v1/suppliers/${org2Only}`, { token: w.tokens.admin, body: { sme: true } }))
        .status,
    ).toBe(200);
    expectProblem(await h.call('PUT', `/v1/suppliers/${org2Only}`, { body: { sme: true } }), 401);
  });

  it('a coordinator puts a fact back to an earlier value; an officer may not', async () => {
    await w.ok('PUT', `/v1/suppliers/${ids.reed}`, w.tokens.officer, { sme: true });
    const page = await h.call('GET', `/v1/suppliers/${ids.reed}`);
    const first = page.body.history.find(
      (c: { field: string; value: unknown }) => c.field === 'sme' && c.value === false,
    );
    expectProblem(
      await h.call('POST', `/v1/suppliers/${ids.reed}/history/${first.id}/restore`, {
        token: w.tokens.officer,
      }),
      403,
    );
    const restored = await h.call('POST', `/v1/suppliers/${ids.reed}/history/${first.id}/restore`, {
      token: w.tokens.coordinator,
    });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.sme).toBe(false);
    expect(restored.body.history[0]).toMatchObject({
      field: 'sme',
      value: false,
      previous: true,
      restoredFrom: first.id,
      setBy: `partnership:${w.partnership.id}`,
    });
  });

  it('an officer points a misspelt name at the right supplier', async () => {
    const right = await paid(w.org1.id, 'BT GLOBAL SERVICES', '2025-26-Q2', 10_00);
    const pointed = await h.call('PUT', `/v1/organisations/${w.org1.id}/supplier-names`, {
      token: w.tokens.officer,
      body: { name: 'BT GLOBAL SERVIES', supplierId: right },
    });
    expect(pointed.status, JSON.stringify(pointed.body)).toBe(200);
    const again = await resolveSupplier(h.deps.db, {
      organisationId: w.org1.id,
      name: 'BT Global Servies',
      at: new Date().toISOString(),
      newId: ulid,
    });
    expect(again).toMatchObject({ supplierId: right, rule: 'officer' });
    expectProblem(
      await h.call('PUT', `/v1/organisations/${w.org1.id}/supplier-names`, {
        token: w.tokens.otherRep,
        body: { name: 'X', supplierId: right },
      }),
      403,
    );
    expectProblem(
      await h.call('PUT', `/v1/organisations/${w.org1.id}/supplier-names`, {
        token: w.tokens.officer,
        body: { name: 'Redacted', supplierId: right },
      }),
      422,
    );
  });
});

describe("a partnership's shared suppliers", () => {
  it('combines its signatories, counts partners and shows spend between partners apart', async () => {
    await w.ok('PUT', `/v1/suppliers/${ids.county}`, w.tokens.officer, {
      organisationId: w.org2.id,
      publicBody: true,
    });
    const list = await h.call('GET', `/v1/partnerships/${w.partnership.id}/suppliers`, {
      token: w.tokens.board,
    });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const reed = list.body.items.find((i: { supplierId: string }) => i.supplierId === ids.reed);
    expect(reed).toMatchObject({ spendPence: 640_000_00, partners: 2, local: true, interPartner: false });
    const county = list.body.items.find((i: { supplierId: string }) => i.supplierId === ids.county);
    expect(county).toMatchObject({ interPartner: true, partners: 1 });
    expect(list.body.interPartnerPence).toBe(300_000_00);
    expect(list.body.items.some((i: { supplierId: string }) => i.supplierId === ids.undisclosed)).toBe(false);
    expectProblem(
      await h.call('GET', `/v1/partnerships/${w.partnership.id}/suppliers`, {
        token: w.tokens.otherCoordinator,
      }),
      403,
    );
    expectProblem(
      await h.call('GET', `/v1/partnerships/${w.partnership.id}/suppliers`, { token: w.tokens.rep }),
      403,
    );
  });

  it('only its coordinators define the area; a bad entry is refused naming it', async () => {
    expectProblem(
      await h.call('PUT', `/v1/partnerships/${w.partnership.id}/area`, {
        token: w.tokens.board,
        body: { postcodes: ['B'] },
      }),
      403,
    );
    const bad = await h.call('PUT', `/v1/partnerships/${w.partnership.id}/area`, {
      token: w.tokens.coordinator,
      body: { postcodes: ['B', 'Birmingham'] },
    });
    expectProblem(bad, 400);
    expect(bad.body.errors[0].path).toBe('postcodes.1');
  });
});
