import type { Db } from './db.ts';
import { reclassifySupplierFor } from './supplier-spend.ts';
import { getSupplier, type SupplierRecord } from './suppliers.ts';

// The supplier records one writer of spend by supplier (an import, a revert, a move of a pointed
// name) works with: each read once; a record whose facts changed under a transaction is read again
// after the organisation's quarter items are moved to its current facts (the fan-out for that
// organisation), so the retried transaction can apply.

export class SupplierRecords {
  protected readonly records = new Map<string, SupplierRecord>();
  /** Suppliers whose paying-organisation item this run has written. */
  readonly paidKnown = new Set<string>();
  /** The version each supplier was first written under by this run. */
  private readonly written = new Map<string, number>();
  protected readonly db: Db;
  protected readonly organisationId: string;

  constructor(db: Db, organisationId: string) {
    this.db = db;
    this.organisationId = organisationId;
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
}
