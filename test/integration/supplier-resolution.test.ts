import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from '@compact-tracker/store/db';
import { nameSupplierId } from '@compact-tracker/store/supplier-book';
import { supplierKeys, undisclosedSupplierId } from '@compact-tracker/store/supplier-keys';
import { resolveSupplier, resolveSupplierNames } from '@compact-tracker/store/supplier-resolution';
import { classifiedTotals } from '@compact-tracker/store/supplier-spend';
import { getSupplier, pointOrganisationName, supplierNames } from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../support/harness.ts';

// Resolving the supplier names of a batch of rows at once, as the importer does: the same records
// as one name at a time, in a few requests, and one record per name when writers race.

let h: Harness;
let db: Db;
const at = '2026-01-15T10:00:00.000Z';
beforeAll(async () => {
  h = await harness();
  db = h.deps.db;
});

/** Counts the DynamoDB commands sent while `run` runs. */
async function counting<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const calls: Record<string, number> = {};
  const name = `count-${ulid()}`;
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      calls[context.commandName as string] = (calls[context.commandName as string] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await run(), calls };
  } finally {
    db.doc.middlewareStack.remove(name);
  }
}

const batch = (organisationId: string, names: string[]) =>
  resolveSupplierNames(db, { organisationId, names, at, newId: nameSupplierId, createdFor: 'import-1' });

describe('resolving a batch of names', () => {
  it('finds the records one at a time would, creating the new ones in few requests', async () => {
    const tag = ulid().slice(-6);
    const known = await resolveSupplier(db, {
      organisationId: 'org-x',
      name: `Known Supplier ${tag} Ltd`,
      at,
      newId: ulid,
    });
    const target = await resolveSupplier(db, {
      organisationId: 'org-x',
      name: `Target ${tag}`,
      at,
      newId: ulid,
    });
    await pointOrganisationName(db, {
      organisationId: 'org-r',
      name: `Pointed ${tag}`,
      supplierId: target.supplierId,
      at,
      setBy: 'officer-1',
    });
    const fresh = Array.from({ length: 40 }, (_, i) => `New Supplier ${tag} ${i} LIMITED`);
    const names = [
      `KNOWN SUPPLIER ${tag} LIMITED`,
      `Pointed ${tag}`,
      '',
      'REDACTED',
      ...fresh,
      `New Supplier ${tag} 0 Ltd`,
    ];
    const { result, calls } = await counting(() => batch('org-r', names));

    // One read of every name's pointer and identity; 41 new records (40 names and the undisclosed
    // one), 33 names to a transaction.
    expect(calls).toEqual({ BatchGetItemCommand: 1, TransactWriteItemsCommand: 2 });
    expect(result.get(normaliseSupplierName(`Known Supplier ${tag} Ltd`))).toEqual({
      supplierId: known.supplierId,
    });
    expect(result.get(normaliseSupplierName(`Pointed ${tag}`))).toEqual({ supplierId: target.supplierId });
    const undisclosed = result.get('');
    expect(undisclosed?.supplierId).toBe(undisclosedSupplierId('org-r'));
    expect(await getSupplier(db, undisclosedSupplierId('org-r'))).toEqual(undisclosed?.created);
    expect(result.size).toBe(43);
    for (const name of fresh) {
      const normalised = normaliseSupplierName(name);
      const one = result.get(normalised);
      expect(one?.supplierId).toBe(nameSupplierId(normalised));
      // The record held is the record written, with its name and the import that made it.
      expect(await getSupplier(db, one?.supplierId as string)).toEqual(one?.created);
      expect(one?.created).toMatchObject({ name, createdFor: 'import-1', version: 1 });
    }
    expect(await supplierNames(db, nameSupplierId(normaliseSupplierName(fresh[0] as string)))).toEqual([
      expect.objectContaining({ name: fresh[0], rule: 'name', organisationId: 'org-r' }),
    ]);

    // Asked again, nothing is created.
    const again = await counting(() => batch('org-r', names));
    expect(again.calls).toEqual({ BatchGetItemCommand: 1 });
    expect([...again.result.values()].some((r) => r.created)).toBe(false);
    expect(new Map([...again.result].map(([k, r]) => [k, r.supplierId]))).toEqual(
      new Map([...result].map(([k, r]) => [k, r.supplierId])),
    );
  });

  it('ends on one record per name when another writer takes a name between the read and the write', async () => {
    const tag = ulid().slice(-6);
    const contested = `Contested ${tag} Ltd`;
    const names = [contested, `Quiet ${tag} Ltd`];
    let taken: string | undefined;
    const name = 'takeBetween';
    db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'BatchGetItemCommand' && !taken) {
          const other = await resolveSupplier(db, {
            organisationId: 'org-other',
            name: contested,
            at,
            newId: ulid,
          });
          taken = other.supplierId;
        }
        return result;
      },
      { step: 'initialize', name },
    );
    let result: Awaited<ReturnType<typeof batch>>;
    try {
      result = await batch('org-s', names);
    } finally {
      db.doc.middlewareStack.remove(name);
    }
    expect(taken).toBeDefined();
    expect(result.get(normaliseSupplierName(contested))).toEqual({ supplierId: taken });
    const quiet = result.get(normaliseSupplierName(`Quiet ${tag} Ltd`));
    expect(quiet?.created).toMatchObject({ name: `Quiet ${tag} Ltd` });
    expect(await getSupplier(db, quiet?.supplierId as string)).toEqual(quiet?.created);
    // The contested name's record made by this batch was never written.
    expect(await getSupplier(db, nameSupplierId(normaliseSupplierName(contested)))).toBeNull();
  });

  it('gives two racing batches of the same new names the same records', async () => {
    const tag = ulid().slice(-6);
    const names = Array.from({ length: 10 }, (_, i) => `Racing ${tag} ${i}`);
    const ids = (r: Map<string, { supplierId: string }>) =>
      names.map((n) => r.get(normaliseSupplierName(n))?.supplierId);
    const [a, b] = await Promise.all([
      resolveSupplierNames(db, { organisationId: 'org-a', names, at, newId: () => ulid() }),
      resolveSupplierNames(db, { organisationId: 'org-b', names, at, newId: () => ulid() }),
    ]);
    expect(ids(a)).toEqual(ids(b));
    expect(new Set(ids(a)).size).toBe(10);
  });
});

describe('classified totals', () => {
  it('reads items kept by one bucket, from before totals were kept by classification, beside the new ones', async () => {
    const organisationId = `org-${ulid()}`;
    const quarter = '2024-25-Q1';
    // Written before: one item per bucket.
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          PK: supplierKeys.classifiedTotalPk(organisationId),
          SK: `${supplierKeys.classifiedTotalPrefix}${quarter}#LY|S-|V-|P-`,
          type: 'classified-total',
          organisationId,
          quarter,
          bucket: 'LY|S-|V-|P-',
          spendPence: 1000,
          rows: 1,
        },
      }),
    );
    // Now: one item per classification, amounts by row-flag pattern.
    const classification = { outcode: null, sme: null, vcse: null, payee: null };
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...supplierKeys.classifiedTotal(organisationId, quarter, 'L-|S-|V-|P-'),
          type: 'classified-total',
          organisationId,
          quarter,
          classification,
          spendPence: 700,
          rows: 3,
          'pence_Y--': 500,
          'rows_Y--': 2,
          'pence_---': 200,
          'rows_---': 1,
          'pence_N--': 0,
          'rows_N--': 0,
        },
      }),
    );
    const totals = await classifiedTotals(db, organisationId);
    expect(totals.sort((x, y) => x.bucket.localeCompare(y.bucket))).toEqual([
      { organisationId, quarter, bucket: 'L-|S-|V-|P-', spendPence: 200, rows: 1 },
      { organisationId, quarter, bucket: 'LY|S-|V-|P-', spendPence: 1500, rows: 3 },
    ]);
  });
});
