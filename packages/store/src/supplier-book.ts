import { createHash } from 'node:crypto';
import { classificationOf } from '@compact-tracker/domain/supplier-classification';
import { isUndisclosedName, normaliseSupplierName } from '@compact-tracker/domain/supplier-names';
import type { Db } from './db.ts';
import { queryAll } from './query.ts';
import { supplierKeys } from './supplier-keys.ts';
import { moveNameLines } from './supplier-name-move.ts';
import { reclassifySupplierFor } from './supplier-spend.ts';
import { factsInForce, getSupplier, resolveSupplier, type SupplierRecord } from './suppliers.ts';

// The suppliers one writer of ledger lines (an import, a revert) works with: each row's supplier
// resolved once per name (undisclosed, the organisation's pointing, the register's numbers, the
// normalised name, else a new record) and each record read once; a record whose facts changed
// under a transaction is read again after the organisation's quarter items are moved to its
// current facts (the fan-out for that organisation), so the retried transaction can apply.

/** The id of a record first made for a normalised name: `n-` and a hash of the name. */
export const nameSupplierId = (normalised: string) =>
  `n-${createHash('sha256').update(normalised).digest('base64url').slice(0, 22)}`;

export class SupplierBook {
  private readonly ids = new Map<string, Promise<string>>();
  private readonly records = new Map<string, SupplierRecord>();
  /** Suppliers whose paying-organisation item this run has written. */
  readonly paidKnown = new Set<string>();
  /** The version each supplier was first written under by this run. */
  private readonly written = new Map<string, number>();

  private readonly db: Db;
  private readonly organisationId: string;
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
    this.db = db;
    this.organisationId = organisationId;
    this.resolves = options.resolves === true;
    const newId = options.newId;
    this.newId = newId ? () => newId() : undefined;
    this.now = options.now ?? (() => new Date());
    this.createdFor = options.createdFor;
  }

  /** The supplier id of a row's supplier name (created on first sight). */
  resolve(name: string): Promise<string> {
    const key = isUndisclosedName(name) ? '' : normaliseSupplierName(name);
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

  /** The records of these suppliers, read once (then kept until `refresh`). */
  async read(ids: Iterable<string>): Promise<Map<string, SupplierRecord>> {
    const wanted = [...new Set(ids)];
    await Promise.all(
      wanted
        .filter((id) => !this.records.has(id))
        .map(async (id) => {
          const record = await getSupplier(this.db, id);
          if (!record) throw new Error(`supplier ${id} does not exist`);
          this.records.set(id, record);
        }),
    );
    return new Map(wanted.map((id) => [id, this.records.get(id) as SupplierRecord]));
  }

  /** Facts changed under a transaction: move this organisation's items to them, read again. */
  async refresh(ids: Iterable<string>): Promise<void> {
    for (const id of new Set(ids)) {
      await reclassifySupplierFor(this.db, id, this.organisationId);
      this.records.delete(id);
    }
  }

  /** Notes a transaction that wrote spend of these suppliers, under the versions read. */
  wrote(ids: Iterable<string>) {
    for (const id of ids) {
      this.paidKnown.add(id);
      const record = this.records.get(id);
      if (record && !this.written.has(id)) this.written.set(id, record.version);
    }
  }

  /**
   * Before the run ends: a supplier whose facts changed since this run wrote under them may have
   * a quarter item first written after the fan-out passed; move this organisation's items on.
   */
  async settle(): Promise<void> {
    for (const [id, version] of this.written) {
      const current = await getSupplier(this.db, id);
      if (current && current.version !== version) await this.refresh([id]);
    }
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
