import {
  bucketKey,
  classificationOf,
  type SupplierClassification,
} from '@compact-tracker/domain/supplier-classification';
import type { Db } from './db.ts';
import { supplierKeys as keys } from './supplier-keys.ts';
import { factsInForce, type SupplierRecord } from './suppliers.ts';

// Spend by supplier moved by signed amounts, as transaction items for the writer of ledger lines to
// put in its own transaction: an import adds its new lines, a restatement moves a line from one
// supplier or row-flag pattern to another, a revert takes both back. The amounts of one
// transaction are grouped so that each item is written once (DynamoDB refuses two operations on
// one item in a transaction): each supplier's quarter items (amounts by row-flag pattern,
// conditional on the facts version they are counted under), its all-quarters item, the classified
// totals (buckets) and, unless `paidKnown` says it is there already, the organisation's place among
// those paying it. A quarter item first written while a change of the supplier's facts fans out
// may be counted under the facts read before it: its amounts sit in the buckets of the
// classification it records, so totals stay exact, and the writer moves it on
// (`SupplierBook.settle`) before it finishes.

/** Spend of some ledger lines of one quarter and supplier with one row-flag pattern; signed. */
export type SupplierDelta = {
  quarter: string;
  supplierId: string;
  /** The lines' own flags (`rowPattern`): three characters for local, SME and VCSE. */
  pattern: string;
  pence: number;
  rows: number;
};

type Item = Record<string, unknown>;

const classifications = new WeakMap<SupplierRecord, ReturnType<typeof classificationOf>>();
/** A record's classification, worked out once per record read (a writer asks for it on every row). */
export function classificationOfRecord(record: SupplierRecord) {
  let c = classifications.get(record);
  if (!c) {
    c = classificationOf(factsInForce(record));
    classifications.set(record, c);
  }
  return c;
}

/** The transaction items of these deltas; `supplierOf[i]` names the supplier item i is about. */
export function supplierDeltaItems(
  db: Db,
  organisationId: string,
  deltas: readonly SupplierDelta[],
  suppliers: ReadonlyMap<string, SupplierRecord>,
  paidKnown: ReadonlySet<string> = new Set(),
): { items: Item[]; supplierOf: string[] } {
  const items: Item[] = [];
  const supplierOf: string[] = [];
  const push = (item: Item, supplierId: string) => {
    items.push(item);
    supplierOf.push(supplierId);
  };
  const bySupplier = group(deltas, (d) => d.supplierId);
  const classes = new Map<
    string,
    ClassifiedAmounts & { byPattern: Map<string, { pence: number; rows: number }> }
  >();
  for (const [supplierId, own] of bySupplier) {
    const supplier = suppliers.get(supplierId);
    if (!supplier) throw new Error(`supplier ${supplierId} was not read`);
    const classification = classificationOfRecord(supplier);
    for (const [quarter, inQuarter] of group(own, (d) => d.quarter)) {
      const names: Record<string, string> = { '#type': 'type', '#rows': 'rows' };
      const values: Record<string, unknown> = {
        ':oid': organisationId,
        ':sid': supplierId,
        ':q': quarter,
        ':v': supplier.version,
        ':c': classification,
        ':type': 'supplier-quarter',
        ':one': 1,
        ':a': sum(inQuarter, 'pence'),
        ':r': sum(inQuarter, 'rows'),
      };
      const adds = ['spendPence :a', '#rows :r', 'rev :one'];
      for (const [pattern, ofPattern] of group(inQuarter, (d) => d.pattern)) {
        const p = pattern.replaceAll('-', '_');
        names[`#p${p}`] = `pence_${pattern}`;
        names[`#r${p}`] = `rows_${pattern}`;
        values[`:p${p}`] = sum(ofPattern, 'pence');
        values[`:r${p}`] = sum(ofPattern, 'rows');
        adds.push(`#p${p} :p${p}`, `#r${p} :r${p}`);
        const id = `${quarter}#${classKey(classification)}`;
        const current = classes.get(id) ?? { quarter, classification, byPattern: new Map() };
        const amounts = current.byPattern.get(pattern) ?? { pence: 0, rows: 0 };
        amounts.pence += sum(ofPattern, 'pence');
        amounts.rows += sum(ofPattern, 'rows');
        current.byPattern.set(pattern, amounts);
        classes.set(id, current);
      }
      push(
        {
          Update: {
            TableName: db.table,
            Key: keys.supplierQuarter(organisationId, supplierId, quarter),
            UpdateExpression:
              'SET organisationId = :oid, supplierId = :sid, quarter = :q, factsVersion = :v, ' +
              `classification = :c, #type = :type ADD ${adds.join(', ')}`,
            ConditionExpression: 'attribute_not_exists(factsVersion) OR factsVersion = :v',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        supplierId,
      );
    }
    // Its name and facts are set by the run's first write (with the paying-organisation item);
    // later ones only add: a change of facts meanwhile is copied here by the fan-out.
    const known = paidKnown.has(supplierId);
    push(
      {
        Update: {
          TableName: db.table,
          Key: keys.supplierSpend(organisationId, supplierId),
          UpdateExpression: known
            ? 'ADD spendPence :a, #rows :r'
            : 'SET organisationId = :oid, supplierId = :sid, #name = :name, #type = :type, ' +
              'factsVersion = :v, postcode = :pc, sme = :sme, vcse = :vcse, publicBody = :pb, payee = :payee, ' +
              'undisclosed = :u ADD spendPence :a, #rows :r',
          ExpressionAttributeNames: known
            ? { '#rows': 'rows' }
            : { '#type': 'type', '#rows': 'rows', '#name': 'name' },
          ExpressionAttributeValues: {
            ...(known
              ? {}
              : {
                  ':oid': organisationId,
                  ':sid': supplierId,
                  ':name': supplier.name,
                  ':type': 'supplier-spend',
                  ...spendFactValues(supplier),
                  ':u': supplier.undisclosedOf !== undefined,
                }),
            ':a': sum(own, 'pence'),
            ':r': sum(own, 'rows'),
          },
        },
      },
      supplierId,
    );
    if (paidKnown.has(supplierId)) continue;
    push(
      {
        Put: {
          TableName: db.table,
          Item: { ...keys.paidBy(supplierId, organisationId), type: 'supplier-paid-by', organisationId },
        },
      },
      supplierId,
    );
  }
  for (const c of classes.values()) {
    const update = classifiedUpdate(db, organisationId, c);
    if (!update) continue;
    items.push(update);
    supplierOf.push('');
  }
  return { items, supplierOf };
}

/**
 * The items a delta adds to (each counted once however many deltas share it): its supplier's
 * (spend and paying-organisation items), the supplier's quarter item, and the classified totals
 * of its classification (given the supplier's record; without it, one per quarter and supplier).
 */
export function supplierDeltaKeys(
  d: SupplierDelta,
  suppliers?: ReadonlyMap<string, SupplierRecord>,
): { supplier: string; quarter: string; bucket: string } {
  const record = suppliers?.get(d.supplierId);
  return {
    supplier: d.supplierId,
    quarter: `${d.supplierId}#${d.quarter}`,
    bucket: record
      ? `${d.quarter}#${classKey(classificationOfRecord(record))}`
      : `${d.supplierId}#${d.quarter}`,
  };
}

/**
 * The copy of a supplier's classifying facts an organisation's spend item carries (for the
 * suppliers pages), as expression values: `:v` version, `:pc` postcode, `:sme`, `:vcse`, `:pb`
 * public body, `:payee` the organisation it is.
 */
export function spendFactValues(supplier: SupplierRecord) {
  const facts = factsInForce(supplier);
  return {
    ':v': supplier.version,
    ':pc': facts.postcode,
    ':sme': facts.sme,
    ':vcse': facts.vcse,
    ':pb': facts.publicBody,
    ':payee': facts.organisationId,
  };
}

/** Signed amounts of one organisation, quarter and classification, by row-flag pattern. */
export type ClassifiedAmounts = {
  quarter: string;
  classification: SupplierClassification;
  byPattern: ReadonlyMap<string, { pence: number; rows: number }>;
};

/** A classification as a key: the bucket of rows that state none of their own flags. */
export const classKey = (c: SupplierClassification) => bucketKey('---', c);

/**
 * The update adding these amounts to the organisation's classified totals of the quarter and
 * classification (one item, amounts by row-flag pattern: `pence_YN-`, `rows_YN-`; a pattern's
 * bucket is `bucketKey(pattern, classification)`); null when they are all zero.
 */
export function classifiedUpdate(db: Db, organisationId: string, amounts: ClassifiedAmounts) {
  const names: Record<string, string> = { '#type': 'type', '#rows': 'rows' };
  const values: Record<string, unknown> = {
    ':oid': organisationId,
    ':q': amounts.quarter,
    ':c': amounts.classification,
    ':type': 'classified-total',
  };
  const adds: string[] = [];
  let pence = 0;
  let rows = 0;
  for (const [pattern, a] of amounts.byPattern) {
    if (a.pence === 0 && a.rows === 0) continue;
    const p = pattern.replaceAll('-', '_');
    names[`#p${p}`] = `pence_${pattern}`;
    names[`#r${p}`] = `rows_${pattern}`;
    values[`:p${p}`] = a.pence;
    values[`:r${p}`] = a.rows;
    adds.push(`#p${p} :p${p}`, `#r${p} :r${p}`);
    pence += a.pence;
    rows += a.rows;
  }
  if (adds.length === 0) return null;
  values[':a'] = pence;
  values[':r'] = rows;
  return {
    Update: {
      TableName: db.table,
      Key: keys.classifiedTotal(organisationId, amounts.quarter, classKey(amounts.classification)),
      UpdateExpression: `SET organisationId = :oid, quarter = :q, classification = :c, #type = :type ADD spendPence :a, #rows :r, ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * A classified-totals item as buckets: by row-flag pattern under its classification, or (items
 * written before totals were kept by classification) the one bucket it names.
 */
export function classifiedBuckets(
  item: Record<string, unknown>,
): { quarter: string; bucket: string; spendPence: number; rows: number }[] {
  const quarter = item.quarter as string;
  const classification = item.classification as SupplierClassification | undefined;
  if (!classification)
    return [
      {
        quarter,
        bucket: item.bucket as string,
        spendPence: (item.spendPence as number | undefined) ?? 0,
        rows: (item.rows as number | undefined) ?? 0,
      },
    ];
  return patternAmounts(item).map(({ pattern, pence, rows }) => ({
    quarter,
    bucket: bucketKey(pattern, classification),
    spendPence: pence,
    rows,
  }));
}

/** The non-zero amounts an item keeps by row-flag pattern (`pence_{pattern}`, `rows_{pattern}`). */
export function patternAmounts(item: object): { pattern: string; pence: number; rows: number }[] {
  const record = item as Record<string, unknown>;
  const out = [];
  for (const [name, pence] of Object.entries(record)) {
    if (!name.startsWith('pence_') || typeof pence !== 'number') continue;
    const pattern = name.slice('pence_'.length);
    const rows = (record[`rows_${pattern}`] as number | undefined) ?? 0;
    if (pence !== 0 || rows !== 0) out.push({ pattern, pence, rows });
  }
  return out;
}

function group<T>(list: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const key = by(item);
    const members = out.get(key);
    if (members) members.push(item);
    else out.set(key, [item]);
  }
  return out;
}

const sum = (list: readonly SupplierDelta[], field: 'pence' | 'rows') =>
  list.reduce((total, d) => total + d[field], 0);
