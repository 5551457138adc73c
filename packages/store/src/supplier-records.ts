import type { Db } from './db.ts';
import { getAll, withoutKeys } from './query.ts';
import { supplierKeys } from './supplier-keys.ts';
import { reclassifySupplierFor } from './supplier-spend.ts';
import type { SupplierRecord } from './suppliers.ts';

// The supplier records one writer of spend by supplier (an import, a revert, a move of a pointed
// name) works with: each read once; a record whose facts changed under a transaction is read again
// after the organisation's quarter items are moved to its current facts (the fan-out for that
// organisation), so the retried transaction can apply.

export class SupplierRecords {
  protected readonly records = new Map<string, SupplierRecord>();
  private readonly reading = new Map<string, Promise<void>>();
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

  /**
   * The records of these suppliers, read once (then kept until `refresh`): those not held yet in
   * one BatchGetItem a hundred, shared by callers asking for the same records at once. Throws if
   * one does not exist.
   */
  async read(ids: Iterable<string>): Promise<Map<string, SupplierRecord>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.records.has(id) && !this.reading.has(id));
    if (missing.length > 0) {
      const batch = this.readNow(missing).finally(() => {
        for (const id of missing) this.reading.delete(id);
      });
      for (const id of missing) this.reading.set(id, batch);
    }
    await Promise.all(wanted.filter((id) => !this.records.has(id)).map((id) => this.reading.get(id)));
    // A record refreshed meanwhile is read again.
    if (wanted.some((id) => !this.records.has(id))) return this.read(wanted);
    return new Map(wanted.map((id) => [id, this.records.get(id) as SupplierRecord]));
  }

  private async readNow(ids: string[]): Promise<void> {
    const found = await this.current(ids);
    for (const id of ids) {
      const record = found.get(id);
      if (!record) throw new Error(`supplier ${id} does not exist`);
      this.records.set(id, record);
    }
  }

  /** The records as they are now (strongly consistent), by id; those that do not exist left out. */
  private async current(ids: readonly string[]): Promise<Map<string, SupplierRecord>> {
    const items = await getAll(
      this.db,
      ids.map((id) => supplierKeys.supplier(id)),
      { consistent: true },
    );
    return new Map(items.map((item) => [item.id as string, withoutKeys<SupplierRecord>(item)]));
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
    if (this.written.size === 0) return;
    const current = await this.current([...this.written.keys()]);
    for (const [id, version] of this.written) {
      const record = current.get(id);
      if (record && record.version !== version) await this.refresh([id]);
    }
  }
}
