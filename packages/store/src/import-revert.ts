import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Category } from '@compact-tracker/domain/categories';
import { type EntryValues, entryAmounts } from '@compact-tracker/domain/restatement';
import { addAmounts, isZero, type SpendAmounts, zeroAmounts } from '@compact-tracker/domain/spend';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import type { LedgerLine, RestatedRecord, SupplierPlace } from './ledger-lines.ts';
import { queryAll } from './query.ts';
import { totalUpdate } from './spend-ledger.ts';
import { SupplierBook } from './supplier-book.ts';
import { type SupplierDelta, supplierDeltaItems, supplierDeltaKeys } from './supplier-deltas.ts';

// Reverting an import: the lines it wrote leave the ledger, the lines it restated take their values
// back, and the totals move back, in transactions that each leave the totals exact. Run again
// after an interruption it finds what is already undone and finishes the rest. Spend by supplier
// moves back in the same transactions.

/** A later import restated lines of this one: it must be reverted first. */
export class RevertBlockedError extends Error {
  readonly laterImports: string[];
  constructor(laterImports: string[]) {
    super(
      `a later import restated rows of this one: revert ${laterImports.length === 1 ? 'it' : 'them'} first (${laterImports.join(', ')})`,
    );
    this.name = 'RevertBlockedError';
    this.laterImports = laterImports;
  }
}

type Undo =
  | { kind: 'remove'; line: LedgerLine }
  | { kind: 'restore'; line: LedgerLine; record: RestatedRecord };

/** Transaction items per revert transaction (DynamoDB allows 100). */
const MAX_ITEMS = 100;

/** How an undo moves spend by supplier: the line's place out, a restored line's earlier place in. */
function undoDeltas(undo: readonly Undo[]): SupplierDelta[] {
  const deltas: SupplierDelta[] = [];
  const add = (line: LedgerLine, place: SupplierPlace, sign: 1 | -1) => {
    if (!place.supplierId) return;
    const pattern = place.flagPattern ?? '---';
    deltas.push({
      quarter: line.quarter,
      supplierId: place.supplierId,
      pattern,
      pence: sign * line.amountPence,
      rows: sign,
    });
  };
  for (const u of undo) {
    add(u.line, u.line, -1);
    if (u.kind === 'restore') add(u.line, u.record.before, 1);
  }
  return deltas;
}

/**
 * Undos in transactions of at most MAX_ITEMS items (lines, totals and spend by supplier), grouped
 * by quarter and supplier first, so that few suppliers share each transaction's items. Each
 * transaction leaves the totals exact, so the order is free.
 */
function parts(undo: readonly Undo[]): Undo[][] {
  const placeKey = (u: Undo) => `${u.line.quarter}#${u.line.supplierId ?? ''}`;
  const sorted = [...undo].sort((a, b) =>
    placeKey(a) < placeKey(b) ? -1 : placeKey(a) > placeKey(b) ? 1 : 0,
  );
  const out: Undo[][] = [];
  let part: Undo[] = [];
  let shared = new Set<string>();
  let suppliers = new Set<string>();
  for (const u of sorted) {
    const keys = [`T#${u.line.quarter}#${u.line.category}`];
    if (u.kind === 'restore') keys.push(`T#${u.line.quarter}#${u.record.before.category}`);
    const ids: string[] = [];
    for (const delta of undoDeltas([u])) {
      const k = supplierDeltaKeys(delta);
      ids.push(k.supplier);
      keys.push(`Q#${k.quarter}`, `B#${k.bucket}`);
    }
    const added = (set: Set<string>, list: string[]) => new Set(list.filter((k) => !set.has(k))).size;
    const size =
      part.length + 1 + shared.size + added(shared, keys) + 2 * (suppliers.size + added(suppliers, ids));
    if (part.length > 0 && size > MAX_ITEMS) {
      out.push(part);
      part = [];
      shared = new Set();
      suppliers = new Set();
    }
    part.push(u);
    for (const k of keys) shared.add(k);
    for (const id of ids) suppliers.add(id);
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** What the import wrote and restated, as the ledger holds them now (lines already undone left out). */
async function planRevert(db: Db, organisationId: string, importId: string): Promise<Undo[]> {
  const pk = keys.importWrote(importId, '').PK;
  const [wrote, restated] = await Promise.all(
    [keys.importWrotePrefix, keys.importRestatedPrefix].map((prefix) =>
      queryAll(db, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ConsistentRead: true,
      }),
    ),
  );
  const written = new Set((wrote ?? []).flatMap((item) => item.lines as string[]));
  const records = (restated ?? []).map((item) => item as unknown as RestatedRecord);
  const wanted = [
    ...[...written].map((id) => {
      const [quarter, identity, ordinal] = id.split('#') as [string, string, string];
      return keys.ledgerLine(organisationId, quarter, identity, Number(ordinal));
    }),
    ...records.map((r) => keys.ledgerLine(organisationId, r.quarter, r.identity, r.ordinal)),
  ];
  const lines = await getLines(db, wanted);
  const undo: Undo[] = [];
  const blockers = new Set<string>();
  for (const id of written) {
    const [quarter, identity, ordinal] = id.split('#') as [string, string, string];
    const line = lines.get(keyText(keys.ledgerLine(organisationId, quarter, identity, Number(ordinal))));
    if (!line || line.importId !== importId) continue; // removed already
    if ((line.restatedBy ?? []).length > 0) for (const later of line.restatedBy ?? []) blockers.add(later);
    else undo.push({ kind: 'remove', line });
  }
  for (const record of records) {
    const line = lines.get(
      keyText(keys.ledgerLine(organisationId, record.quarter, record.identity, record.ordinal)),
    );
    const by = line?.restatedBy ?? [];
    const at = by.lastIndexOf(importId);
    if (!line || at === -1) continue; // restored already
    if (at < by.length - 1) for (const later of by.slice(at + 1)) blockers.add(later);
    else undo.push({ kind: 'restore', line, record });
  }
  if (blockers.size > 0) throw new RevertBlockedError([...blockers]);
  return undo;
}

const keyText = (key: { PK: string; SK: string }) => `${key.PK}|${key.SK}`;

async function getLines(db: Db, wanted: { PK: string; SK: string }[]): Promise<Map<string, LedgerLine>> {
  const found = new Map<string, LedgerLine>();
  const unique = [...new Map(wanted.map((k) => [keyText(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100);
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await db.doc.send(
        new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[db.table] ?? []) {
        found.set(keyText(item as { PK: string; SK: string }), item as unknown as LedgerLine);
      }
      pending = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0 && attempt >= 8) throw new Error('DynamoDB kept refusing to read the lines');
    }
  }
  return found;
}

/**
 * Undoes an import: removes the lines it wrote, gives the lines it restated their values back,
 * moves the totals back. Throws RevertBlockedError (nothing changed) when a later import restated
 * lines of it. Returns the counts undone by this call.
 */
export async function revertImportLines(
  db: Db,
  organisationId: string,
  importId: string,
  /** Runs once the revert is known not to be blocked, before its first change (to mark the import). */
  beforeFirstChange: () => Promise<void> = async () => {},
  /** After each transaction: the lines undone by this call, of those it found to undo. */
  onProgress: (done: number, total: number) => Promise<void> = async () => {},
): Promise<{ removed: number; restored: number }> {
  const counts = { removed: 0, restored: 0 };
  const suppliers = new SupplierBook(db, organisationId);
  let total = 0;
  for (let round = 1; ; round++) {
    const undo = await planRevert(db, organisationId, importId);
    if (round === 1) await beforeFirstChange();
    if (undo.length === 0) return counts;
    total = Math.max(total, counts.removed + counts.restored + undo.length);
    let conflicted = false;
    for (const part of parts(undo)) {
      const deltas = undoDeltas(part);
      try {
        const records = await suppliers.read(deltas.map((d) => d.supplierId));
        const items = [
          ...revertItems(db, organisationId, importId, part),
          ...supplierDeltaItems(db, organisationId, deltas, records, new Set(records.keys())).items,
        ];
        await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
        suppliers.wrote(records.keys());
        for (const u of part) counts[u.kind === 'remove' ? 'removed' : 'restored'] += 1;
        await onProgress(counts.removed + counts.restored, total);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'TransactionCanceledException' || round >= 8)
          throw error;
        // Changed meanwhile (a line, or a supplier's facts): move the suppliers' items to their
        // facts and plan again from what the ledger holds now.
        await suppliers.refresh(deltas.map((d) => d.supplierId));
        conflicted = true;
      }
    }
    if (!conflicted) {
      await suppliers.settle();
      return counts;
    }
  }
}

function revertItems(db: Db, organisationId: string, importId: string, undo: Undo[]) {
  const items: Record<string, unknown>[] = [];
  const totals = new Map<string, { quarter: string; category: Category; amounts: SpendAmounts }>();
  const move = (quarter: string, category: Category, amounts: SpendAmounts, sign: 1 | -1) => {
    const id = `${quarter}#${category}`;
    const current = totals.get(id) ?? { quarter, category, amounts: zeroAmounts() };
    current.amounts = addAmounts(current.amounts, amounts, sign);
    totals.set(id, current);
  };
  for (const u of undo) {
    const { line } = u;
    const Key = keys.ledgerLine(organisationId, line.quarter, line.identity, line.ordinal);
    move(line.quarter, line.category, entryAmounts(line, line.amountPence), -1);
    if (u.kind === 'remove') {
      items.push({
        Delete: {
          TableName: db.table,
          Key,
          ConditionExpression: 'importId = :me AND #rev = :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':me': importId, ':rev': line.rev },
        },
      });
      continue;
    }
    const before: EntryValues & { restatedBy?: string[]; restatedRow?: number } = u.record.before;
    move(line.quarter, before.category, entryAmounts(before, line.amountPence), 1);
    const earlier = before.restatedBy ?? [];
    const set = [
      'category = :category',
      'categoryText = :categoryText',
      'supplierName = :supplier',
      '#local = :local',
      'sme = :sme',
      'vcse = :vcse',
      'criteria = :criteria',
      '#rev = :next',
    ];
    const remove: string[] = [];
    const place: SupplierPlace = u.record.before;
    if (place.supplierId) set.push('supplierId = :sid');
    else remove.push('supplierId');
    if (place.flagPattern) set.push('flagPattern = :pattern');
    else remove.push('flagPattern');
    if (earlier.length > 0) set.push('restatedBy = :earlier');
    else remove.push('restatedBy');
    if (before.restatedRow !== undefined) set.push('restatedRow = :earlierRow');
    else remove.push('restatedRow');
    items.push({
      Update: {
        TableName: db.table,
        Key,
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: '#rev = :rev',
        ExpressionAttributeNames: { '#local': 'local', '#rev': 'rev' },
        ExpressionAttributeValues: {
          ':category': before.category,
          ':categoryText': before.categoryText,
          ':supplier': before.supplierName,
          ':local': before.local,
          ':sme': before.sme,
          ':vcse': before.vcse,
          ':criteria': before.criteria,
          ':rev': line.rev,
          ':next': line.rev + 1,
          ...(earlier.length > 0 ? { ':earlier': earlier } : {}),
          ...(place.supplierId ? { ':sid': place.supplierId } : {}),
          ...(place.flagPattern ? { ':pattern': place.flagPattern } : {}),
          ...(before.restatedRow !== undefined ? { ':earlierRow': before.restatedRow } : {}),
        },
      },
    });
  }
  for (const t of totals.values()) {
    if (!isZero(t.amounts)) items.push(totalUpdate(db, organisationId, t.quarter, t.category, t.amounts));
  }
  return items;
}
