import type { Db } from './db.ts';
import type { FanOutMode } from './supplier-fanout-mode.ts';
import { type FanOutStats, reclassifySupplier } from './supplier-spend.ts';

/**
 * After a change of a supplier's facts is written: the fan-out in process, or nothing where the
 * table's stream starts it (store/supplier-fanout-mode).
 */
export async function afterFactsChanged(
  db: Db,
  supplierId: string,
  mode: FanOutMode = 'in-process',
): Promise<FanOutStats | null> {
  if (mode === 'stream') return null;
  return reclassifySupplier(db, supplierId);
}
