import type { Readable } from 'node:stream';
import type { FactField } from '@compact-tracker/domain/supplier-facts';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from '@compact-tracker/store/db';
import { afterFactsChanged } from '@compact-tracker/store/supplier-fanout';
import type { FanOutMode } from '@compact-tracker/store/supplier-fanout-mode';
import {
  allSuppliers,
  getRegisterLoad,
  type RegisterLoadRecord,
  updateRegisterLoad,
} from '@compact-tracker/store/supplier-registers';
import {
  type FactChanges,
  getSupplier,
  StaleSupplierError,
  SupplierNumberTaken,
  type SupplierRecord,
  setSupplierFacts,
} from '@compact-tracker/store/suppliers';
import { ulid } from 'ulid';
import { type RegisterRow, registerRows } from './read-register.ts';

// A register load: streams the uploaded file, matches each row to a supplier record (company
// number, then charity number, then normalised name: the records are read once, up front, as they
// are few beside the register's rows) and sets `register` facts on the records it matches. A record
// whose facts changed has its spend totals moved (the fan-out: the table's stream starts it in AWS,
// elsewhere it runs here, store/supplier-fanout). Progress lands on the load item
// every PROGRESS_EVERY rows. Re-running a load sets nothing twice (an unchanged fact writes nothing).

const PROGRESS_EVERY = 5_000;

export type RegisterLoadResult = Pick<
  RegisterLoadRecord,
  'status' | 'rowsProcessed' | 'suppliersMatched' | 'factsSet' | 'numbersRefused'
>;

type Index = { byCompany: Map<string, string>; byCharity: Map<string, string>; byName: Map<string, string> };

function indexOf(records: SupplierRecord[]): Index {
  const index: Index = { byCompany: new Map(), byCharity: new Map(), byName: new Map() };
  for (const record of records) {
    if (record.undisclosedOf !== undefined) continue;
    if (record.normalisedName) index.byName.set(record.normalisedName, record.id);
    for (const slot of Object.values(record.facts.companyNumber ?? {}))
      index.byCompany.set(String(slot.value), record.id);
    for (const slot of Object.values(record.facts.charityNumber ?? {}))
      index.byCharity.set(String(slot.value), record.id);
  }
  return index;
}

function match(index: Index, row: RegisterRow): { supplierId: string; by: 'number' | 'name' } | null {
  const byNumber =
    (row.companyNumber && index.byCompany.get(row.companyNumber)) ||
    (row.charityNumber && index.byCharity.get(row.charityNumber));
  if (byNumber) return { supplierId: byNumber, by: 'number' };
  const byName = index.byName.get(normaliseSupplierName(row.name));
  return byName ? { supplierId: byName, by: 'name' } : null;
}

/** The register facts a row gives a record; a number is set only where the record has none from the register. */
function changesFor(record: SupplierRecord, row: RegisterRow, by: 'number' | 'name'): FactChanges {
  const changes: FactChanges = {};
  if (row.postcode) changes.postcode = row.postcode;
  if (row.sme) changes.sme = true;
  if (row.vcse) changes.vcse = true;
  if (by === 'name') {
    // A name shared by two registered bodies must not flip a record between them: the first number stays.
    const field = row.companyNumber ? 'companyNumber' : 'charityNumber';
    const number = row.companyNumber ?? row.charityNumber;
    const held = record.facts[field]?.register?.value;
    if (held !== undefined && held !== number) return {};
    if (number) changes[field] = number;
  }
  // Only what differs from the register's values already held: a re-run writes nothing.
  return Object.fromEntries(
    Object.entries(changes).filter(
      ([field, value]) => record.facts[field as FactField]?.register?.value !== value,
    ),
  ) as FactChanges;
}

export async function runRegisterLoad(
  db: Db,
  loadId: string,
  file: { open: () => Promise<Readable> },
  now: () => Date = () => new Date(),
  fanOut: FanOutMode = 'in-process',
): Promise<RegisterLoadResult | null> {
  const load = await getRegisterLoad(db, loadId);
  if (!load) return null;
  if (load.status === 'completed') return load;
  const counts = { rowsProcessed: 0, suppliersMatched: 0, factsSet: 0, numbersRefused: 0 };
  await updateRegisterLoad(db, loadId, { status: 'running', startedAt: now().toISOString(), ...counts });
  try {
    const index = indexOf(await allSuppliers(db));
    const matched = new Set<string>();
    for await (const row of registerRows(await file.open(), load.kind)) {
      counts.rowsProcessed += 1;
      const found = match(index, row);
      if (found) {
        if (!matched.has(found.supplierId)) {
          matched.add(found.supplierId);
          counts.suppliersMatched += 1;
        }
        const outcome = await setRegisterFacts(
          db,
          found.supplierId,
          row,
          found.by,
          `register:${loadId}`,
          now,
          fanOut,
        );
        counts.factsSet += outcome.factsSet;
        counts.numbersRefused += outcome.numberRefused ? 1 : 0;
      }
      if (counts.rowsProcessed % PROGRESS_EVERY === 0) await updateRegisterLoad(db, loadId, counts);
    }
    await updateRegisterLoad(db, loadId, { status: 'completed', finishedAt: now().toISOString(), ...counts });
    return { status: 'completed', ...counts };
  } catch (error) {
    const failure =
      error instanceof Error && !/dynamodb|aws/i.test(error.name) ? error.message : 'the load failed';
    await updateRegisterLoad(db, loadId, {
      status: 'failed',
      finishedAt: now().toISOString(),
      failure,
      ...counts,
    });
    return { status: 'failed', ...counts };
  }
}

async function setRegisterFacts(
  db: Db,
  supplierId: string,
  row: RegisterRow,
  by: 'number' | 'name',
  setBy: string,
  now: () => Date,
  fanOut: FanOutMode,
) {
  let numberRefused = false;
  for (let attempt = 1; attempt <= 10; attempt++) {
    const record = await getSupplier(db, supplierId);
    if (!record) return { factsSet: 0, numberRefused };
    let changes = changesFor(record, row, by);
    if (numberRefused) {
      const { companyNumber: _c, charityNumber: _h, ...rest } = changes;
      changes = rest;
    }
    try {
      const next = await setSupplierFacts(db, record, changes, {
        source: 'register',
        setBy,
        at: now().toISOString(),
        newId: ulid,
      });
      if (next.version === record.version) return { factsSet: 0, numberRefused };
      await afterFactsChanged(db, supplierId, fanOut);
      return { factsSet: Object.keys(changes).length, numberRefused };
    } catch (error) {
      if (error instanceof SupplierNumberTaken) {
        numberRefused = true;
        continue;
      }
      if (!(error instanceof StaleSupplierError)) throw error;
    }
  }
  return { factsSet: 0, numberRefused };
}
