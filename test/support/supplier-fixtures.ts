import type { Db } from '@compact-tracker/store/db';
import { resolveSupplier } from '@compact-tracker/store/supplier-resolution';
import { addSupplierSpend } from '@compact-tracker/store/supplier-spend';
import { ulid } from 'ulid';

/**
 * A supplier the organisation has paid, resolved and added to its spend by supplier through the
 * store functions the importer calls: what the supplier routes need until imports write it.
 */
export async function paidSupplier(
  db: Db,
  organisationId: string,
  name: string,
  quarter = '2025-26-Q1',
  amountPence = 1_000_00,
  rows = 1,
) {
  const { supplierId } = await resolveSupplier(db, {
    organisationId,
    name,
    at: new Date().toISOString(),
    newId: ulid,
  });
  await addSupplierSpend(db, { organisationId, quarter, supplierId, rowFlags: {}, amountPence, rows });
  return supplierId;
}
