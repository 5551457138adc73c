import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type FactEntry,
  type FactField,
  type FactSlots,
  type FactSource,
  type FactValue,
  factInForce,
} from '@compact-tracker/domain/supplier-facts';
import { normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { queryAll, queryPage, withoutKeys } from './query.ts';
import { supplierKeys as keys } from './supplier-keys.ts';

// The supplier register: one record per real supplier, the names seen for it with the rule that
// matched each, its facts from both sources with a public history of every change, and identity
// items that make a normalised name and a company or charity number belong to one record only
// (written with attribute_not_exists in the same transaction, so two racing writers cannot both
// take one).

export type MatchRule = 'company-number' | 'charity-number' | 'name' | 'officer' | 'undisclosed';

export type SupplierRecord = {
  id: string;
  /** The name as first seen (or as the register gives it). */
  name: string;
  normalisedName: string;
  /** Set on an organisation's one undisclosed supplier: never classified. */
  undisclosedOf?: string;
  facts: Partial<Record<FactField, FactSlots>>;
  /** Moves with every change of facts: optimistic locking, and what spend totals are bucketed under. */
  version: number;
  createdAt: string;
  /** The import whose rows first named it, when one did: that import's "new suppliers". */
  createdFor?: string;
};

export type SupplierNameRecord = {
  supplierId: string;
  name: string;
  normalisedName: string;
  rule: MatchRule;
  firstSeenAt: string;
  /** The organisation whose rows (or officer) brought the name, when one did. */
  organisationId?: string;
};

export type FactChangeRecord = {
  id: string;
  supplierId: string;
  field: FactField;
  source: FactSource;
  /** The value set; null when the source's value was cleared. */
  value: FactValue | null;
  previous: FactValue | null;
  setAt: string;
  /** Organisation id, `partnership:{id}`, `admin` or `register:{loadId}`: never a person. */
  setBy: string;
  /** Set when the change put the fact back to the value of an earlier change. */
  restoredFrom?: string;
};

export class SupplierNumberTaken extends Error {
  readonly field: 'companyNumber' | 'charityNumber';
  readonly holderId: string;
  constructor(field: 'companyNumber' | 'charityNumber', holderId: string) {
    super(`${field} is held by supplier ${holderId}`);
    this.name = 'SupplierNumberTaken';
    this.field = field;
    this.holderId = holderId;
  }
}

export class StaleSupplierError extends Error {
  constructor() {
    super('the supplier changed meanwhile');
    this.name = 'StaleSupplierError';
  }
}

export async function getSupplier(db: Db, supplierId: string): Promise<SupplierRecord | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.supplier(supplierId), ConsistentRead: true }),
  );
  return result.Item ? withoutKeys<SupplierRecord>(result.Item) : null;
}

/** The values in force of every fact (officer over register), null when unknown. */
export function factsInForce(record: Pick<SupplierRecord, 'facts'>): Record<FactField, FactValue | null> {
  const fields: FactField[] = [
    'postcode',
    'companyNumber',
    'charityNumber',
    'sme',
    'vcse',
    'publicBody',
    'organisationId',
  ];
  return Object.fromEntries(fields.map((f) => [f, factInForce(record.facts[f])])) as Record<
    FactField,
    FactValue | null
  >;
}

export async function supplierNames(db: Db, supplierId: string): Promise<SupplierNameRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.supplierPk(supplierId), ':p': keys.supplierNamePrefix },
  });
  return items.map((item) => withoutKeys<SupplierNameRecord>(item));
}

export async function supplierHistory(db: Db, supplierId: string, page: { limit: number; cursor?: string }) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.supplierPk(supplierId), ':p': keys.factChangePrefix },
      ScanIndexForward: false,
    },
    page,
    (item) => withoutKeys<FactChangeRecord>(item),
  );
}

export async function getFactChange(db: Db, supplierId: string, changeId: string) {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    FilterExpression: 'id = :id',
    ExpressionAttributeValues: {
      ':pk': keys.supplierPk(supplierId),
      ':p': keys.factChangePrefix,
      ':id': changeId,
    },
  });
  return items[0] ? withoutKeys<FactChangeRecord>(items[0]) : null;
}

/** The organisations that have paid the supplier (written by the importer with the spend). */
export async function organisationsPaying(db: Db, supplierId: string): Promise<string[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.supplierPk(supplierId), ':p': keys.paidByPrefix },
    ProjectionExpression: 'organisationId',
  });
  return items.map((item) => item.organisationId as string);
}

export async function identityHolder(db: Db, key: { PK: string; SK: string }): Promise<string | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
  return (result.Item?.supplierId as string | undefined) ?? null;
}

export const supplierByName = (db: Db, normalised: string) =>
  identityHolder(db, keys.nameIdentity(normalised));
export const supplierByNumber = (db: Db, kind: 'company' | 'charity', number: string) =>
  identityHolder(db, keys.numberIdentity(kind, number));

export function nameItem(
  db: Db,
  supplierId: string,
  input: { name: string; organisationId?: string; at: string },
  normalised: string,
  rule: MatchRule,
) {
  const record: SupplierNameRecord = {
    supplierId,
    name: input.name.trim(),
    normalisedName: normalised,
    rule,
    firstSeenAt: input.at,
    ...(input.organisationId ? { organisationId: input.organisationId } : {}),
  };
  return {
    TableName: db.table,
    Item: { ...keys.supplierName(supplierId, normalised), type: 'supplier-name', ...record },
    ConditionExpression: 'attribute_not_exists(PK)',
  };
}

/** Keeps a name seen for a supplier, with the rule that matched it (the first rule stays). */
export async function recordName(
  db: Db,
  supplierId: string,
  input: { name: string; organisationId?: string; at: string },
  normalised: string,
  rule: MatchRule,
) {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: nameItem(db, supplierId, input, normalised, rule) }],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Points a name of the organisation's rows at another record (an officer correcting a match). The
 * name is kept on the target with the rule `officer`.
 */
export async function pointOrganisationName(
  db: Db,
  input: { organisationId: string; name: string; supplierId: string; at: string; setBy: string },
): Promise<{ normalisedName: string }> {
  const normalised = normaliseSupplierName(input.name);
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.supplier(input.supplierId),
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(undisclosedOf)',
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.organisationName(input.organisationId, normalised),
              type: 'supplier-name-pointer',
              organisationId: input.organisationId,
              name: input.name.trim(),
              normalisedName: normalised,
              supplierId: input.supplierId,
              setAt: input.at,
              setBy: input.setBy,
            },
          },
        },
      ],
    }),
  );
  await recordName(db, input.supplierId, input, normalised, 'officer');
  return { normalisedName: normalised };
}

export type FactChanges = Partial<Record<FactField, FactValue | null>>;

export type FactWriter = {
  source: FactSource;
  setBy: string;
  at: string;
  newId: () => string;
  restoredFrom?: string;
};

const NUMBER_KINDS = { companyNumber: 'company', charityNumber: 'charity' } as const;

/**
 * Sets (or, with null, clears) one source's values of some facts, in one transaction with their
 * history entries and the identity items of company and charity numbers. Returns the new record.
 * Throws SupplierNumberTaken naming the record that holds a number, StaleSupplierError when the
 * record changed since `expectedVersion`.
 */
export async function setSupplierFacts(
  db: Db,
  current: SupplierRecord,
  changes: FactChanges,
  writer: FactWriter,
): Promise<SupplierRecord> {
  const facts: SupplierRecord['facts'] = structuredClone(current.facts);
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
  const history: FactChangeRecord[] = [];
  for (const [field, value] of Object.entries(changes) as [FactField, FactValue | null | undefined][]) {
    if (value === undefined) continue;
    const slots: FactSlots = { ...(facts[field] ?? {}) };
    const previous = slots[writer.source]?.value ?? null;
    if (previous === value) continue;
    if (value === null) delete slots[writer.source];
    else slots[writer.source] = { value, setAt: writer.at, setBy: writer.setBy } satisfies FactEntry;
    facts[field] = slots;
    history.push({
      id: writer.newId(),
      supplierId: current.id,
      field,
      source: writer.source,
      value,
      previous,
      setAt: writer.at,
      setBy: writer.setBy,
      ...(writer.restoredFrom ? { restoredFrom: writer.restoredFrom } : {}),
    });
    if (field === 'companyNumber' || field === 'charityNumber') {
      const kind = NUMBER_KINDS[field];
      const other = writer.source === 'officer' ? slots.register?.value : slots.officer?.value;
      if (typeof value === 'string') {
        items.push({
          Put: {
            TableName: db.table,
            Item: {
              ...keys.numberIdentity(kind, value),
              type: 'supplier-number-identity',
              supplierId: current.id,
            },
            ConditionExpression: 'attribute_not_exists(PK) OR supplierId = :me',
            ExpressionAttributeValues: { ':me': current.id },
          },
        });
      }
      if (typeof previous === 'string' && previous !== other) {
        items.push({
          Delete: {
            TableName: db.table,
            Key: keys.numberIdentity(kind, previous),
            ConditionExpression: 'attribute_not_exists(PK) OR supplierId = :me',
            ExpressionAttributeValues: { ':me': current.id },
          },
        });
      }
    }
  }
  if (history.length === 0) return current;
  const next: SupplierRecord = { ...current, facts, version: current.version + 1 };
  const numberItems = items.length;
  items.unshift({
    Update: {
      TableName: db.table,
      Key: keys.supplier(current.id),
      UpdateExpression: 'SET facts = :facts, version = :next',
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':facts': facts, ':next': next.version, ':expected': current.version },
    },
  });
  for (const change of history) {
    items.push({
      Put: {
        TableName: db.table,
        Item: {
          ...keys.factChange(current.id, change.setAt, change.id),
          type: 'supplier-fact-change',
          ...change,
        },
      },
    });
  }
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = cancellationCodes(error);
    if (!reasons) throw error;
    if (reasons[0] === 'ConditionalCheckFailed') throw new StaleSupplierError();
    for (let i = 1; i <= numberItems; i++) {
      if (reasons[i] !== 'ConditionalCheckFailed') continue;
      const item = items[i];
      const key = item?.Put ? { PK: item.Put.Item?.PK, SK: item.Put.Item?.SK } : undefined;
      if (!key) continue;
      const holder = await identityHolder(db, key as { PK: string; SK: string });
      const field = (key.PK as string).includes('#company#') ? 'companyNumber' : 'charityNumber';
      throw new SupplierNumberTaken(field, holder ?? 'unknown');
    }
    throw error;
  }
  return next;
}

function cancellationCodes(error: unknown): (string | undefined)[] | null {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return null;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons ? reasons.map((r) => r.Code) : null;
}

export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  return cancellationCodes(error)?.includes('ConditionalCheckFailed') ?? false;
}
