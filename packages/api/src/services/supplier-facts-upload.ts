import { csvReadProblem } from '@compact-tracker/domain/csv-errors';
import { conflict, DomainError, notFound, ruleBroken } from '@compact-tracker/domain/errors';
import { canSupplier } from '@compact-tracker/domain/supplier-authorisation';
import type { FactField } from '@compact-tracker/domain/supplier-facts';
import {
  type SheetFacts,
  type SheetProblem,
  type SheetRow,
  sameFacts,
} from '@compact-tracker/domain/supplier-facts-sheet';
import { getOrganisation } from '@compact-tracker/store/organisations';
import { organisationPaid, supplierOfOrganisationName } from '@compact-tracker/store/supplier-lookup';
import * as store from '@compact-tracker/store/suppliers';
import { authorise, type ServiceContext, signedIn } from './context.ts';
import { applyFacts, settleSupplierSpend } from './suppliers.ts';

// POST /v1/organisations/{oid}/supplier-facts: an officer classifies many of the organisation's
// suppliers from one sheet. The whole sheet is checked first (columns, values, each supplier found
// among the organisation's own and paid by it, one set of facts per supplier, organisations that
// exist, numbers no other record holds); any problem answers with every row at fault and nothing
// written. Then each supplier's facts go through the same path as PUT /v1/suppliers/{sid}.

/** Look-ups running at once while resolving a sheet's suppliers. */
const LOOKUPS_AT_ONCE = 8;

export type SheetOutcome = {
  organisationId: string;
  rows: number;
  suppliers: number;
  suppliersClassified: number;
  factsChanged: number;
  unchangedRows: number;
};

type Planned = { supplierId: string; name: string; rows: number[]; facts: SheetFacts };

export async function classifySuppliersFromCsv(
  ctx: ServiceContext,
  organisationId: string,
  input: { csv: string },
): Promise<SheetOutcome> {
  signedIn(ctx);
  const organisation = await getOrganisation(ctx.deps.db, organisationId);
  if (!organisation) throw notFound(`organisation ${organisationId}`);
  authorise(
    ctx,
    (c) => canSupplier.classifyMany(c, organisationId),
    "classify this organisation's suppliers (its officers and representatives)",
  );
  // The CSV reader (csv-parse) is loaded for this upload only, not by every cold start.
  const { readSupplierFactsCsv, sheetProblemErrors } = await import('../supplier-facts-csv.ts');
  let reading: ReturnType<typeof readSupplierFactsCsv>;
  try {
    reading = readSupplierFactsCsv(input.csv);
  } catch (error) {
    throw ruleBroken(`nothing was saved: the file could not be read: ${csvReadProblem(error)}`);
  }
  const refuse = (problems: SheetProblem[]) => {
    const { errors, detail } = sheetProblemErrors(problems.sort((a, b) => a.row - b.row));
    return new DomainError('rule', detail, { errors });
  };
  if (reading.problems.length > 0 && reading.rows.length === 0) throw refuse(reading.problems);

  const { planned, problems } = await plan(ctx, organisationId, reading.rows);
  problems.push(...reading.problems);
  if (problems.length > 0) throw refuse(problems);

  const taken = await numbersHeldElsewhere(ctx, planned);
  if (taken.length > 0) {
    throw conflict(
      `nothing was saved: ${taken.map((t) => t.message).join('; ')}: correct those records, or point these names at them`,
      { errors: taken.map((t) => ({ path: `csv.${t.row}.${t.column}`, message: t.message })) },
    );
  }

  let suppliersClassified = 0;
  let factsChanged = 0;
  let unchangedRows = 0;
  for (const entry of planned) {
    const current = await store.getSupplier(ctx.deps.db, entry.supplierId);
    const changes = Object.fromEntries(
      Object.entries(entry.facts).filter(
        ([field, value]) => current?.facts[field as FactField]?.officer?.value !== value,
      ),
    );
    if (Object.keys(changes).length === 0) {
      await settleSupplierSpend(ctx, entry.supplierId);
      unchangedRows += entry.rows.length;
      continue;
    }
    await applyFacts(ctx, entry.supplierId, changes, { setBy: organisationId });
    suppliersClassified++;
    factsChanged += Object.keys(changes).length;
  }
  return {
    organisationId,
    rows: reading.rows.length,
    suppliers: planned.length,
    suppliersClassified,
    factsChanged,
    unchangedRows,
  };
}

/** Each row's supplier found and checked; one entry per supplier with its rows' facts merged. */
async function plan(ctx: ServiceContext, organisationId: string, rows: SheetRow[]) {
  const problems: SheetProblem[] = [];
  const texts = [...new Set(rows.map((r) => r.supplier))];
  const found = new Map<string, { supplierId: string; name: string } | { message: string }>();
  for (let at = 0; at < texts.length; at += LOOKUPS_AT_ONCE) {
    await Promise.all(
      texts.slice(at, at + LOOKUPS_AT_ONCE).map(async (text) => {
        found.set(text, await findSupplier(ctx, organisationId, text));
      }),
    );
  }
  const organisations = [
    ...new Set(rows.flatMap((r) => (r.facts.organisationId ? [r.facts.organisationId] : []))),
  ];
  const missing = new Set<string>();
  for (const id of organisations) {
    if (!(await getOrganisation(ctx.deps.db, id as string))) missing.add(id as string);
  }
  const bySupplier = new Map<string, Planned>();
  for (const row of rows) {
    const supplier = found.get(row.supplier);
    if (!supplier || 'message' in supplier) {
      problems.push({ row: row.row, column: 'supplier', message: supplier?.message ?? 'not found' });
      continue;
    }
    if (typeof row.facts.organisationId === 'string' && missing.has(row.facts.organisationId)) {
      problems.push({
        row: row.row,
        column: 'organisation',
        message: `there is no organisation ${row.facts.organisationId} in this tracker`,
      });
      continue;
    }
    const earlier = bySupplier.get(supplier.supplierId);
    if (!earlier) {
      bySupplier.set(supplier.supplierId, { ...supplier, rows: [row.row], facts: { ...row.facts } });
    } else if (!sameFacts(earlier.facts, row.facts)) {
      problems.push({
        row: row.row,
        column: 'supplier',
        message: `${supplier.name} is also on row ${earlier.rows[0]} with different facts: keep one`,
      });
    } else {
      earlier.rows.push(row.row);
      Object.assign(earlier.facts, row.facts);
    }
  }
  const planned = [...bySupplier.values()];
  // One number for two suppliers of the sheet: whichever is written second would be refused.
  for (const field of ['companyNumber', 'charityNumber'] as const) {
    const holders = new Map<string, Planned>();
    for (const entry of planned) {
      const number = entry.facts[field];
      if (typeof number !== 'string') continue;
      const first = holders.get(number);
      if (first) {
        problems.push({
          row: entry.rows[0] as number,
          column: field === 'companyNumber' ? 'company number' : 'charity number',
          message: `${number} is also given to ${first.name} on row ${first.rows[0]}: one number belongs to one supplier`,
        });
      } else holders.set(number, entry);
    }
  }
  return { planned, problems };
}

async function findSupplier(
  ctx: ServiceContext,
  organisationId: string,
  text: string,
): Promise<{ supplierId: string; name: string } | { message: string }> {
  const quoted = `"${text.slice(0, 80)}"`;
  let record = /^[0-9A-Za-z_-]{1,64}$/.test(text) ? await store.getSupplier(ctx.deps.db, text) : null;
  if (!record) {
    const named = await supplierOfOrganisationName(ctx.deps.db, organisationId, text);
    if (!named.found) {
      return {
        message:
          named.reason === 'undisclosed'
            ? `${quoted} is a blank or redacted name: the undisclosed supplier is never classified`
            : `no supplier of this organisation is named ${quoted}: write the name as its spend files do, or the supplier's id`,
      };
    }
    record = await store.getSupplier(ctx.deps.db, named.supplierId);
    if (!record) return { message: `no supplier of this organisation is named ${quoted}` };
  }
  if (record.undisclosedOf !== undefined) {
    return {
      message: `${quoted} is the undisclosed supplier (blank and redacted names): it is never classified`,
    };
  }
  if (!(await organisationPaid(ctx.deps.db, record.id, organisationId))) {
    return {
      message: `${quoted} (${record.name}) is not a supplier this organisation has paid: only its own suppliers can be classified here`,
    };
  }
  return { supplierId: record.id, name: record.name };
}

/** Company and charity numbers of the sheet that another record already holds. */
async function numbersHeldElsewhere(ctx: ServiceContext, planned: Planned[]) {
  const taken: { row: number; column: string; message: string }[] = [];
  for (const entry of planned) {
    for (const [field, kind, column] of [
      ['companyNumber', 'company', 'company number'],
      ['charityNumber', 'charity', 'charity number'],
    ] as const) {
      const number = entry.facts[field];
      if (typeof number !== 'string') continue;
      const holderId = await store.supplierByNumber(ctx.deps.db, kind, number);
      if (!holderId || holderId === entry.supplierId) continue;
      const holder = await store.getSupplier(ctx.deps.db, holderId);
      taken.push({
        row: entry.rows[0] as number,
        column,
        message: `${column} ${number} (row ${entry.rows[0]}, ${entry.name}) is already held by supplier ${holderId}${holder ? ` (${holder.name})` : ''}`,
      });
    }
  }
  return taken;
}
