import { createHash } from 'node:crypto';
import { classificationOf } from '@compact-tracker/domain/supplier-classification';
import { supplierNameKey } from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { queryAll } from './query.ts';
import { supplierKeys } from './supplier-keys.ts';
import { moveNameLines } from './supplier-name-move.ts';
import { SupplierRecords } from './supplier-records.ts';
import { resolveSupplier, resolveSupplierNames } from './supplier-resolution.ts';
import { factsInForce } from './suppliers.ts';

// The suppliers one writer of ledger lines (an import, a revert) works with: the records, read once
// (SupplierRecords), and each row's supplier resolved once per name (undisclosed, the organisation's
// pointing, the register's numbers, the normalised name, else a new record).

/** The id of a record first made for a normalised name: `n-` and a hash of the name. */
export const nameSupplierId = (normalised: string) =>
  `n-${createHash('sha256').update(normalised).digest('base64url').slice(0, 22)}`;

export class SupplierBook extends SupplierRecords {
  private readonly ids = new Map<string, Promise<string>>();
  private readonly resolves: boolean;
  private readonly newId: ((normalised: string) => string) | undefined;
  private readonly now: () => Date;
  private readonly createdFor: string | undefined;

  /**
   * `resolves`: names may be resolved (an import); a revert only reads and refreshes records. A new
   * record's id is `newId()`, by default one derived from its normalised name, so that an import
   * run again after an interruption, or twice on two tables, makes the same records.
   */
  constructor(
    db: Db,
    organisationId: string,
    options: { resolves?: boolean; newId?: () => string; now?: () => Date; createdFor?: string } = {},
  ) {
    super(db, organisationId);
    this.resolves = options.resolves === true;
    const newId = options.newId;
    this.newId = newId ? () => newId() : undefined;
    this.now = options.now ?? (() => new Date());
    this.createdFor = options.createdFor;
  }

  /**
   * Resolves every name of a batch of rows not resolved yet, at once (`resolveSupplierNames`: one
   * read for every fifty names, their new records a few dozen to a transaction); the records it
   * made are held without reading them back. `resolve` then answers these names from memory.
   */
  async resolveAll(names: Iterable<string>): Promise<void> {
    if (!this.resolves) throw new Error('this book resolves no names');
    const fresh = new Map<string, string>();
    for (const name of names) {
      const key = supplierNameKey(name);
      if (!this.ids.has(key) && !fresh.has(key)) fresh.set(key, name);
    }
    if (fresh.size === 0) return;
    const newId = this.newId ?? nameSupplierId;
    const batch = resolveSupplierNames(this.db, {
      organisationId: this.organisationId,
      names: fresh.values(),
      at: this.now().toISOString(),
      newId,
      ...(this.createdFor ? { createdFor: this.createdFor } : {}),
    }).then((resolved) => {
      for (const { created } of resolved.values()) if (created) this.records.set(created.id, created);
      return resolved;
    });
    const ids = [...fresh.keys()].map((key) => {
      const id = batch.then((resolved) => (resolved.get(key) as { supplierId: string }).supplierId);
      id.catch(() => this.ids.delete(key));
      this.ids.set(key, id);
      return id;
    });
    await Promise.all(ids);
  }

  /** The supplier id of a row's supplier name (created on first sight). */
  resolve(name: string): Promise<string> {
    const key = supplierNameKey(name);
    let id = this.ids.get(key);
    if (!this.resolves) throw new Error('this book resolves no names');
    if (!id) {
      const newId = this.newId ?? nameSupplierId;
      id = resolveSupplier(this.db, {
        organisationId: this.organisationId,
        name,
        at: this.now().toISOString(),
        newId: () => newId(key),
        ...(this.createdFor ? { createdFor: this.createdFor } : {}),
      }).then((resolution) => resolution.supplierId);
      id.catch(() => this.ids.delete(key));
      this.ids.set(key, id);
    }
    return id;
  }

  /**
   * Before an import ends: a name the organisation pointed at another record after this run had
   * resolved it (so that rows written since went to the earlier record) has its lines moved now, as
   * the pointing does. One query of the organisation's pointed names; a move only where one differs.
   */
  async followPointings(): Promise<void> {
    if (this.ids.size === 0) return;
    const prefix = supplierKeys.organisationName(this.organisationId, '');
    const pointers = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.SK },
      ConsistentRead: true,
    });
    for (const pointer of pointers) {
      const normalisedName = pointer.normalisedName as string;
      const resolved = await this.ids.get(normalisedName)?.catch(() => null);
      if (!resolved || resolved === pointer.supplierId) continue;
      const supplierId = pointer.supplierId as string;
      await moveNameLines(this.db, { organisationId: this.organisationId, normalisedName, supplierId });
    }
  }

  /** Whether none of the supplier's facts that classify is known. */
  unclassified(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return true;
    const c = classificationOf(factsInForce(record));
    return c.outcode === null && c.sme === null && c.vcse === null && c.payee === null;
  }
}
