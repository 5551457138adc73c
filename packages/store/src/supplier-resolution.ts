import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  isUndisclosedName,
  normaliseSupplierName,
  supplierNameKey,
  UNDISCLOSED_NAME,
} from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { getAll } from './query.ts';
import { supplierKeys as keys, undisclosedSupplierId } from './supplier-keys.ts';
import {
  identityHolder,
  isConditionFailure,
  type MatchRule,
  nameItem,
  recordName,
  StaleSupplierError,
  type SupplierRecord,
  supplierByName,
  supplierByNumber,
} from './suppliers.ts';

// Which register record a row's supplier name belongs to, creating the record on first sight: one
// name at a time (resolveSupplier: the register loaders, the API), or every new name of a batch of
// rows at once (resolveSupplierNames: the importer), which reads the names' pointers and identity
// items in one BatchGetItem and creates the missing records a few dozen to a transaction, instead
// of two reads and a transaction each, a cost an import paid before its first line was written.

export type Resolution = { supplierId: string; rule: MatchRule; created: boolean };

export type ResolveInput = {
  organisationId: string;
  name: string;
  companyNumber?: string | null;
  charityNumber?: string | null;
  at: string;
  newId: () => string;
  /** The import resolving the name: kept on a record it creates. */
  createdFor?: string;
};

/**
 * The register record of one row's supplier, creating it on first sight. Order: blank or redacted
 * names -> the organisation's undisclosed record; a name the organisation's officer pointed
 * elsewhere; the company number; the charity number; the normalised name; else a new record.
 * Racing creators of one name end on one record (the name's identity item decides).
 */
export async function resolveSupplier(db: Db, input: ResolveInput): Promise<Resolution> {
  if (isUndisclosedName(input.name)) {
    const supplierId = undisclosedSupplierId(input.organisationId);
    const created = await createRecords(db, [
      undisclosedItem(db, undisclosedRecord(input.organisationId, input.at)),
    ]);
    return { supplierId, rule: 'undisclosed', created };
  }
  const normalised = normaliseSupplierName(input.name);
  const pointed = await identityHolder(db, keys.organisationName(input.organisationId, normalised));
  if (pointed) return { supplierId: pointed, rule: 'officer', created: false };
  for (const [kind, number, rule] of [
    ['company', input.companyNumber, 'company-number'],
    ['charity', input.charityNumber, 'charity-number'],
  ] as const) {
    if (!number) continue;
    const holder = await supplierByNumber(db, kind, number);
    if (holder) {
      await recordName(db, holder, input, normalised, rule);
      return { supplierId: holder, rule, created: false };
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = await supplierByName(db, normalised);
    if (holder) return { supplierId: holder, rule: 'name', created: false };
    const supplierId = input.newId();
    const record = namedRecord(supplierId, input, normalised);
    if (await createRecords(db, namedItems(db, record, input)))
      return { supplierId, rule: 'name', created: true };
  }
  throw new StaleSupplierError();
}

/** What `resolveSupplierNames` found for one normalised name: its record's id, and the record if it made it. */
export type NameResolution = { supplierId: string; created?: SupplierRecord };

/** Names a transaction creates at most: three items each (identity, record, name). */
const NAMES_PER_TRANSACTION = 33;

/**
 * Resolves the supplier names of an organisation's rows, by name only (no numbers: spend files
 * carry none), in the order of `resolveSupplier`, and returns each name's resolution keyed by its
 * normalised form ('' for blank or redacted names: the organisation's undisclosed record). Reads:
 * one BatchGetItem for every hundred keys (a name's pointer and identity). Writes: the new records,
 * 33 names to a transaction; a transaction refused because another writer took one of its names
 * meanwhile is done again name by name (`resolveSupplier`), so racing imports end on one record.
 */
export async function resolveSupplierNames(
  db: Db,
  input: {
    organisationId: string;
    names: Iterable<string>;
    at: string;
    /** The id of a new record for a normalised name. */
    newId: (normalised: string) => string;
    createdFor?: string;
  },
): Promise<Map<string, NameResolution>> {
  const { organisationId, at } = input;
  const spelling = new Map<string, string>();
  for (const name of input.names) {
    const key = supplierNameKey(name);
    if (!spelling.has(key)) spelling.set(key, name);
  }
  const named = [...spelling.keys()].filter((key) => key !== '');
  const undisclosedId = undisclosedSupplierId(organisationId);
  const found = await getAll(
    db,
    [
      ...named.flatMap((n) => [keys.organisationName(organisationId, n), keys.nameIdentity(n)]),
      ...(spelling.has('') ? [keys.supplier(undisclosedId)] : []),
    ],
    { consistent: true, projection: 'PK, SK, supplierId' },
  );
  const holder = new Map(found.map((item) => [`${item.PK}|${item.SK}`, item.supplierId as string]));
  const holderOf = (key: { PK: string; SK: string }) => holder.get(`${key.PK}|${key.SK}`);
  const resolved = new Map<string, NameResolution>();
  const toCreate: { key: string; record: SupplierRecord; items: PutItem[] }[] = [];
  if (spelling.has('')) {
    if (holder.has(`${keys.supplier(undisclosedId).PK}|${keys.supplier(undisclosedId).SK}`))
      resolved.set('', { supplierId: undisclosedId });
    else {
      const record = undisclosedRecord(organisationId, at);
      toCreate.push({ key: '', record, items: [undisclosedItem(db, record)] });
    }
  }
  for (const n of named) {
    const existing = holderOf(keys.organisationName(organisationId, n)) ?? holderOf(keys.nameIdentity(n));
    if (existing) {
      resolved.set(n, { supplierId: existing });
      continue;
    }
    const name = {
      organisationId,
      name: spelling.get(n) as string,
      at,
      ...(input.createdFor ? { createdFor: input.createdFor } : {}),
    };
    const record = namedRecord(input.newId(n), name, n);
    toCreate.push({ key: n, record, items: namedItems(db, record, name) });
  }
  for (let i = 0; i < toCreate.length; i += NAMES_PER_TRANSACTION) {
    const chunk = toCreate.slice(i, i + NAMES_PER_TRANSACTION);
    if (
      await createRecords(
        db,
        chunk.flatMap((c) => c.items),
      )
    ) {
      for (const c of chunk) resolved.set(c.key, { supplierId: c.record.id, created: c.record });
      continue;
    }
    // Another writer took one of these names (or made the undisclosed record) meanwhile.
    await Promise.all(
      chunk.map(async (c) => {
        const one = await resolveSupplier(db, {
          organisationId,
          name: spelling.get(c.key) as string,
          at,
          newId: () => input.newId(c.key),
          ...(input.createdFor ? { createdFor: input.createdFor } : {}),
        });
        resolved.set(c.key, { supplierId: one.supplierId, ...(one.created ? { created: c.record } : {}) });
      }),
    );
  }
  return resolved;
}

type PutItem = { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };

/** Writes these items, each only if its key is free: false if one was taken. */
async function createRecords(db: Db, items: PutItem[]): Promise<boolean> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items.map((Put) => ({ Put })) }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function undisclosedRecord(organisationId: string, at: string): SupplierRecord {
  return {
    id: undisclosedSupplierId(organisationId),
    name: UNDISCLOSED_NAME,
    normalisedName: '',
    undisclosedOf: organisationId,
    facts: {},
    version: 1,
    createdAt: at,
  };
}

function undisclosedItem(db: Db, record: SupplierRecord): PutItem {
  return {
    TableName: db.table,
    Item: { ...keys.supplier(record.id), type: 'supplier', ...record },
    ConditionExpression: 'attribute_not_exists(PK)',
  };
}

function namedRecord(
  supplierId: string,
  input: { name: string; at: string; createdFor?: string },
  normalised: string,
): SupplierRecord {
  return {
    id: supplierId,
    name: input.name.trim(),
    normalisedName: normalised,
    facts: {},
    version: 1,
    createdAt: input.at,
    ...(input.createdFor ? { createdFor: input.createdFor } : {}),
  };
}

/** A new record's items: the name's identity (which decides racing creators), the record, the name. */
function namedItems(
  db: Db,
  record: SupplierRecord,
  input: { name: string; organisationId: string; at: string },
): PutItem[] {
  const normalised = record.normalisedName;
  return [
    {
      TableName: db.table,
      Item: { ...keys.nameIdentity(normalised), type: 'supplier-name-identity', supplierId: record.id },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    {
      TableName: db.table,
      Item: { ...keys.supplier(record.id), ...keys.suppliersIndex(record.id), type: 'supplier', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    nameItem(db, record.id, input, normalised, 'name'),
  ];
}
