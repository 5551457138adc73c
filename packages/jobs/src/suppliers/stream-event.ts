import { supplierKeys } from '@compact-tracker/store/supplier-keys';
import * as z from 'zod';

// What a DynamoDB stream delivers to the fan-out function: records of the table's keys only
// (StreamViewType KEYS_ONLY), already filtered by the event source mapping to changes (MODIFY) of
// supplier records (`SUPPLIER#{id}` / `SUPPLIER`): a supplier record changes only when its facts
// do (store/suppliers setSupplierFacts); and to writes (INSERT, MODIFY) of the records of moves of a
// pointed name's lines handed to the background (`ORG#{id}` / `SUPPLIER_MOVE#{name}`). Anything
// else is read as nothing to do.

const stringValue = z.object({ S: z.string().min(1).max(1000) });

const streamRecord = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys: z.object({ PK: stringValue, SK: stringValue }),
    SequenceNumber: z.string().min(1).max(100),
  }),
});

export const streamEvent = z.object({ Records: z.array(z.unknown()).max(10_000) });

/** A record's changed supplier and its sequence number (what a partial batch failure names). */
export type SupplierChange = { supplierId: string; sequenceNumber: string };

/** The supplier whose facts a stream record says changed, or null (another item, or not a change). */
export function supplierChangeOf(record: unknown): SupplierChange | null {
  const parsed = streamRecord.safeParse(record);
  if (!parsed.success || parsed.data.eventName !== 'MODIFY') return null;
  const { Keys, SequenceNumber } = parsed.data.dynamodb;
  if (Keys.SK.S !== supplierKeys.supplierSk) return null;
  const supplierId = supplierKeys.supplierIdOfPk(Keys.PK.S);
  return supplierId ? { supplierId, sequenceNumber: SequenceNumber } : null;
}

/** A move of a pointed name's lines that a stream record says was written (handed to the background). */
export type NameMoveChange = { organisationId: string; normalisedName: string; sequenceNumber: string };

export function nameMoveOf(record: unknown): NameMoveChange | null {
  const parsed = streamRecord.safeParse(record);
  if (!parsed.success || parsed.data.eventName === 'REMOVE') return null;
  const { Keys, SequenceNumber } = parsed.data.dynamodb;
  const prefix = supplierKeys.nameMovePrefix;
  if (!Keys.PK.S.startsWith('ORG#') || !Keys.SK.S.startsWith(prefix)) return null;
  const organisationId = Keys.PK.S.slice('ORG#'.length);
  if (organisationId === '' || organisationId.includes('#')) return null;
  return { organisationId, normalisedName: Keys.SK.S.slice(prefix.length), sequenceNumber: SequenceNumber };
}
