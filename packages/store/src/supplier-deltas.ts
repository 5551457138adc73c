import { bucketKey, classificationOf } from '@compact-tracker/domain/supplier-classification';
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
  const buckets = new Map<string, { quarter: string; bucket: string; pence: number; rows: number }>();
  for (const [supplierId, own] of bySupplier) {
    const supplier = suppliers.get(supplierId);
    if (!supplier) throw new Error(`supplier ${supplierId} was not read`);
    const facts = factsInForce(supplier);
    const classification = classificationOf(facts);
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
        const bucket = bucketKey(pattern, classification);
        const id = `${quarter}#${bucket}`;
        const current = buckets.get(id) ?? { quarter, bucket, pence: 0, rows: 0 };
        current.pence += sum(ofPattern, 'pence');
        current.rows += sum(ofPattern, 'rows');
        buckets.set(id, current);
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
    push(
      {
        Update: {
          TableName: db.table,
          Key: keys.supplierSpend(organisationId, supplierId),
          UpdateExpression:
            'SET organisationId = :oid, supplierId = :sid, #name = :name, #type = :type, ' +
            'factsVersion = :v, postcode = :pc, sme = :sme, vcse = :vcse, publicBody = :pb, payee = :payee, ' +
            'undisclosed = :u ADD spendPence :a, #rows :r',
          ExpressionAttributeNames: { '#type': 'type', '#rows': 'rows', '#name': 'name' },
          ExpressionAttributeValues: {
            ':oid': organisationId,
            ':sid': supplierId,
            ':name': supplier.name,
            ':type': 'supplier-spend',
            ':v': supplier.version,
            ':pc': facts.postcode,
            ':sme': facts.sme,
            ':vcse': facts.vcse,
            ':pb': facts.publicBody,
            ':payee': facts.organisationId,
            ':u': supplier.undisclosedOf !== undefined,
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
  for (const b of buckets.values()) {
    if (b.pence === 0 && b.rows === 0) continue;
    items.push(bucketUpdate(db, organisationId, b.quarter, b.bucket, b.pence, b.rows));
    supplierOf.push('');
  }
  return { items, supplierOf };
}

/**
 * The items a delta adds to (each counted once however many deltas share it): its supplier's
 * (spend and paying-organisation items), the supplier's quarter item, and the classified bucket
 * (given the supplier's record; without it, one per quarter, supplier and pattern at most).
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
      ? `${d.quarter}#${bucketKey(d.pattern, classificationOf(factsInForce(record)))}`
      : `${d.supplierId}#${d.quarter}#${d.pattern}`,
  };
}

export function bucketUpdate(
  db: Db,
  organisationId: string,
  quarter: string,
  bucket: string,
  pence: number,
  rows: number,
) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.classifiedTotal(organisationId, quarter, bucket),
      UpdateExpression:
        'SET organisationId = :oid, quarter = :q, #bucket = :b, #type = :type ADD spendPence :a, #rows :r',
      ExpressionAttributeNames: { '#type': 'type', '#rows': 'rows', '#bucket': 'bucket' },
      ExpressionAttributeValues: {
        ':oid': organisationId,
        ':q': quarter,
        ':b': bucket,
        ':type': 'classified-total',
        ':a': pence,
        ':r': rows,
      },
    },
  };
}

function group<T>(list: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) out.set(by(item), [...(out.get(by(item)) ?? []), item]);
  return out;
}

const sum = (list: readonly SupplierDelta[], field: 'pence' | 'rows') =>
  list.reduce((total, d) => total + d[field], 0);
