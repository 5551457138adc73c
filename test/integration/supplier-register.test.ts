import { sumClassified } from '@compact-tracker/domain/supplier-classification';
import type { Db } from '@compact-tracker/store/db';
import { undisclosedSupplierId } from '@compact-tracker/store/supplier-keys';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import {
  addSupplierSpend,
  classifiedTotals,
  organisationSupplierSpend,
  reclassifySupplier,
} from '@compact-tracker/store/supplier-spend';
import {
  type FactWriter,
  getSupplier,
  organisationsPaying,
  pointOrganisationName,
  SupplierNumberTaken,
  setSupplierFacts,
  supplierHistory,
  supplierNames,
} from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';

// The supplier register and spend by supplier, called directly as the importer and the fan-out will.

let h: Harness;
let db: Db;
const at = '2026-01-15T10:00:00.000Z';
beforeAll(async () => {
  h = await harness();
  db = h.deps.db;
});

const resolve = (organisationId: string, name: string, more: { companyNumber?: string } = {}) =>
  resolveSupplier(db, { organisationId, name, at, newId: ulid, ...more });

const officer = (setBy: string): FactWriter => ({ source: 'officer' as const, setBy, at, newId: ulid });
const register: FactWriter = { source: 'register' as const, setBy: 'register:load1', at, newId: ulid };

async function setFacts(id: string, changes: Record<string, unknown>, writer = officer('org-a')) {
  const current = await getSupplier(db, id);
  if (!current) throw new Error('no supplier');
  return setSupplierFacts(db, current, changes as never, writer);
}

describe('one record per real supplier', () => {
  it('resolves both spellings of Reed to one record, keeping the names and the rule', async () => {
    const first = await resolve('org-a', 'REED SPECIALIST RECRUITMENT LIMITED');
    const second = await resolve('org-b', 'Reed Specialist Recruitment Ltd');
    expect(first.created).toBe(true);
    expect(second).toEqual({ supplierId: first.supplierId, rule: 'name', created: false });
    const names = await supplierNames(db, first.supplierId);
    expect(names).toEqual([
      expect.objectContaining({ normalisedName: 'REED SPECIALIST RECRUITMENT LTD', rule: 'name' }),
    ]);
  });

  it('keeps a misspelt name apart', async () => {
    const right = await resolve('org-a', 'BT GLOBAL SERVICES');
    const misspelt = await resolve('org-a', 'BT GLOBAL SERVIES');
    expect(misspelt.supplierId).not.toBe(right.supplierId);
  });

  it('racing first sightings of one name end on one record', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        resolve(`org-${i}`, i % 2 ? 'Acme Widgets Ltd' : 'ACME WIDGETS LIMITED'),
      ),
    );
    expect(new Set(results.map((r) => r.supplierId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('puts blank and redacted names on one undisclosed record per organisation', async () => {
    const a1 = await resolve('org-a', 'Redacted personal data');
    const a2 = await resolve('org-a', '');
    const b = await resolve('org-b', 'REDACTED');
    expect(a1.supplierId).toBe(undisclosedSupplierId('org-a'));
    expect(a2.supplierId).toBe(a1.supplierId);
    expect(b.supplierId).toBe(undisclosedSupplierId('org-b'));
    expect(a1.rule).toBe('undisclosed');
    expect((await resolve('org-a', 'REDACTIVE PUBLISHING LIMITED')).rule).toBe('name');
  });

  it('matches by company number before the name', async () => {
    const holder = await resolve('org-a', 'Numbered Holdings Ltd');
    await setFacts(holder.supplierId, { companyNumber: '01234567' });
    const byNumber = await resolve('org-a', 'Numbered Trading Name', { companyNumber: '01234567' });
    expect(byNumber).toEqual({ supplierId: holder.supplierId, rule: 'company-number', created: false });
    const names = await supplierNames(db, holder.supplierId);
    expect(names.map((n) => [n.normalisedName, n.rule])).toContainEqual([
      'NUMBERED TRADING NAME',
      'company-number',
    ]);
  });

  it('lets an officer point a name of their rows at another record', async () => {
    const wrong = await resolve('org-a', 'BT GLOBAL SERVIES');
    const right = await resolve('org-a', 'BT GLOBAL SERVICES');
    expect(wrong.supplierId).not.toBe(right.supplierId);
    await pointOrganisationName(db, {
      organisationId: 'org-a',
      name: 'BT GLOBAL SERVIES',
      supplierId: right.supplierId,
      at,
      setBy: 'org-a',
    });
    expect(await resolve('org-a', 'BT Global Servies')).toEqual({
      supplierId: right.supplierId,
      rule: 'officer',
      created: false,
    });
    // Only that organisation's rows: another organisation still gets the name's own record.
    expect((await resolve('org-b', 'BT GLOBAL SERVIES')).supplierId).toBe(wrong.supplierId);
  });
});

describe('facts', () => {
  it('keeps source, time and organisation, and a full public history; officer wins over register', async () => {
    const { supplierId } = await resolve('org-a', 'Facts Test Ltd');
    await setFacts(supplierId, { sme: true, postcode: 'OX1 1BX' }, register);
    await setFacts(supplierId, { sme: false }, officer('org-a'));
    const record = await getSupplier(db, supplierId);
    expect(record?.facts.sme).toEqual({
      register: { value: true, setAt: at, setBy: 'register:load1' },
      officer: { value: false, setAt: at, setBy: 'org-a' },
    });
    const history = await supplierHistory(db, supplierId, { limit: 50 });
    expect(history.items.map((c) => [c.field, c.source, c.value, c.previous, c.setBy])).toEqual(
      expect.arrayContaining([
        ['sme', 'register', true, null, 'register:load1'],
        ['postcode', 'register', 'OX1 1BX', null, 'register:load1'],
        ['sme', 'officer', false, null, 'org-a'],
      ]),
    );
    // Clearing the officer's value lets the register's show through.
    const cleared = await setFacts(supplierId, { sme: null }, officer('org-a'));
    expect(cleared.facts.sme?.officer).toBeUndefined();
    expect(cleared.facts.sme?.register?.value).toBe(true);
  });

  it('refuses a company number another record holds, naming it, and writes nothing', async () => {
    const a = await resolve('org-a', 'Holder One Ltd');
    const b = await resolve('org-a', 'Holder Two Ltd');
    await setFacts(a.supplierId, { companyNumber: '07654321' });
    const before = await getSupplier(db, b.supplierId);
    const refused = await setFacts(b.supplierId, { companyNumber: '07654321', sme: true }).catch((e) => e);
    expect(refused).toBeInstanceOf(SupplierNumberTaken);
    expect(refused.holderId).toBe(a.supplierId);
    expect(await getSupplier(db, b.supplierId)).toEqual(before);
    // Releasing the number frees it.
    await setFacts(a.supplierId, { companyNumber: '07654322' });
    await setFacts(b.supplierId, { companyNumber: '07654321' });
    expect((await getSupplier(db, b.supplierId))?.facts.companyNumber?.officer?.value).toBe('07654321');
  });

  it('two records racing for one charity number: exactly one wins', async () => {
    const ids = await Promise.all(['Race A Ltd', 'Race B Ltd', 'Race C Ltd'].map((n) => resolve('org-a', n)));
    const outcomes = await Promise.allSettled(
      ids.map((r) => setFacts(r.supplierId, { charityNumber: '1100001' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('spend by supplier and its classification', () => {
  it('adds spend as the importer will, and moves it between buckets when facts change, exactly', async () => {
    const org = 'org-spend';
    const { supplierId } = await resolve(org, 'Bucket Movers Ltd');
    await addSupplierSpend(db, {
      organisationId: org,
      quarter: '2025-26-Q1',
      supplierId,
      rowFlags: {},
      amountPence: 100_00,
      rows: 2,
    });
    await addSupplierSpend(db, {
      organisationId: org,
      quarter: '2025-26-Q2',
      supplierId,
      rowFlags: {},
      amountPence: 50_00,
      rows: 1,
    });
    // A row whose own file says SME: that part keeps the row's flag whatever the supplier's facts.
    await addSupplierSpend(db, {
      organisationId: org,
      quarter: '2025-26-Q2',
      supplierId,
      rowFlags: { sme: false },
      amountPence: 10_00,
      rows: 1,
    });
    expect(await organisationsPaying(db, supplierId)).toEqual([org]);
    let shares = sumClassified(await classifiedTotals(db, org), ['OX'], new Set());
    expect(shares.spendPence).toBe(160_00);
    expect(shares.local.classifiedPence).toBe(0);
    expect(shares.sme).toEqual({ classifiedPence: 10_00, yesPence: 0 });

    await setFacts(supplierId, { postcode: 'OX4 2HN', sme: true });
    const stats = await reclassifySupplier(db, supplierId);
    expect(stats.quarterItemsMoved).toBe(2);
    expect(stats.requests).toBeLessThanOrEqual(3 * 2 + 2);
    shares = sumClassified(await classifiedTotals(db, org), ['OX'], new Set());
    expect(shares.local).toEqual({ classifiedPence: 160_00, yesPence: 160_00 });
    expect(shares.sme).toEqual({ classifiedPence: 160_00, yesPence: 150_00 });
    expect(sumClassified(await classifiedTotals(db, org), ['B'], new Set()).local.yesPence).toBe(0);

    // Run again (a retried fan-out): nothing moves twice.
    expect((await reclassifySupplier(db, supplierId)).quarterItemsMoved).toBe(0);
    expect(sumClassified(await classifiedTotals(db, org), ['OX'], new Set())).toEqual(shares);

    const listed = await organisationSupplierSpend(db, org);
    expect(listed).toEqual([
      expect.objectContaining({ supplierId, spendPence: 160_00, rows: 4, postcode: 'OX4 2HN', sme: true }),
    ]);
  });

  it('spend added while the facts change ends equal to a clean run', async () => {
    const org = 'org-race';
    const { supplierId } = await resolve(org, 'Racing Facts Ltd');
    const adds = Array.from({ length: 12 }, (_, i) =>
      addSupplierSpend(db, {
        organisationId: org,
        quarter: i % 2 ? '2025-26-Q3' : '2025-26-Q4',
        supplierId,
        rowFlags: {},
        amountPence: 1_00 * (i + 1),
        rows: 1,
      }),
    );
    const change = (async () => {
      await setFacts(supplierId, { vcse: true });
      await reclassifySupplier(db, supplierId);
    })();
    await Promise.all([...adds, change]);
    await reclassifySupplier(db, supplierId);
    const shares = sumClassified(await classifiedTotals(db, org), [], new Set());
    expect(shares.spendPence).toBe(78_00);
    expect(shares.vcse).toEqual({ classifiedPence: 78_00, yesPence: 78_00 });
  });

  it('a supplier that is a fellow organisation is spend between partners, out of the shares', async () => {
    const org = 'org-inter';
    const { supplierId } = await resolve(org, 'OXFORDSHIRE COUNTY COUNCIL');
    await setFacts(supplierId, { organisationId: 'org-county', postcode: 'OX1 1ND' });
    await addSupplierSpend(db, {
      organisationId: org,
      quarter: '2025-26-Q1',
      supplierId,
      rowFlags: {},
      amountPence: 900_00,
      rows: 3,
    });
    const fellows = sumClassified(await classifiedTotals(db, org), ['OX'], new Set(['org-county']));
    expect(fellows.interPartnerPence).toBe(900_00);
    expect(fellows.local.classifiedPence).toBe(0);
    const strangers = sumClassified(await classifiedTotals(db, org), ['OX'], new Set());
    expect(strangers.interPartnerPence).toBe(0);
    expect(strangers.local.yesPence).toBe(900_00);
  });
});
