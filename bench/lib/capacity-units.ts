// DynamoDB's read and write request units for recorded calls, computed as AWS bills on-demand
// tables (DynamoDB Local's own ConsumedCapacity differs, for transactions above all):
// - writes: each item's size rounded up to 1 KB; a transactional write twice that (a ConditionCheck
//   counted as a transactional write of 1 KB); a write whose condition failed still costs its units;
// - reads: an item read by GetItem, BatchGetItem or TransactGetItems rounded up to 4 KB (a missing
//   item still costs the minimum), a Query or Scan page's items summed, then rounded up to 4 KB;
//   eventually consistent reads half, transactional reads twice.
// Known to undercount: a Query's items dropped by a FilterExpression or trimmed by a projection are
// billed whole by AWS, but the answer shows only what was kept (ScannedCount > Count is added at
// the average size of the items kept).

// biome-ignore-all lint/suspicious/noExplicitAny: DynamoDB's wire JSON, of every operation's shape
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RecordedCall } from './dynamodb-recorder.ts';
import { itemSize } from './item-size.ts';

type Item = Record<string, AttributeValue>;

export type Units = {
  readUnits: number;
  writeUnits: number;
  requests: number;
  byOperation: Record<string, number>;
};

export const noUnits = (): Units => ({ readUnits: 0, writeUnits: 0, requests: 0, byOperation: {} });

export function addUnits(a: Units, b: Units): Units {
  const byOperation = { ...a.byOperation };
  for (const [op, n] of Object.entries(b.byOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
  return {
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    requests: a.requests + b.requests,
    byOperation,
  };
}

const KB = 1024;
const writeUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));
const readUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / (4 * KB)));

/**
 * An updated item's size is its size after the update, which the call does not show: `sizeAfter`
 * gives it (the caller reads the items once the action is over).
 */
export type SizeAfter = (table: string, key: Item) => number;

export function unitsOf(calls: RecordedCall[], sizeAfter: SizeAfter): Units {
  const units = noUnits();
  for (const call of calls) {
    units.requests += 1;
    units.byOperation[call.operation] = (units.byOperation[call.operation] ?? 0) + 1;
    const input = call.input as Record<string, any>;
    const output = call.output as Record<string, any>;
    const eventual = (consistent: unknown) => (consistent === true ? 1 : 0.5);
    switch (call.operation) {
      case 'GetItem':
        units.readUnits +=
          readUnitsOf(output.Item ? itemSize(output.Item) : 0) * eventual(input.ConsistentRead);
        break;
      case 'BatchGetItem':
        for (const [table, request] of Object.entries(input.RequestItems ?? {}) as [string, any][]) {
          const found: Item[] = output.Responses?.[table] ?? [];
          const unprocessed = output.UnprocessedKeys?.[table]?.Keys?.length ?? 0;
          const missing = Math.max(0, (request.Keys?.length ?? 0) - found.length - unprocessed);
          const per = eventual(request.ConsistentRead);
          units.readUnits += found.reduce((sum, item) => sum + readUnitsOf(itemSize(item)), missing) * per;
        }
        break;
      case 'Query':
      case 'Scan': {
        const items: Item[] = output.Items ?? [];
        const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
        const dropped = Math.max(0, (output.ScannedCount ?? 0) - (output.Count ?? items.length));
        const average = items.length > 0 ? bytes / items.length : 0;
        units.readUnits += readUnitsOf(bytes + dropped * average) * eventual(input.ConsistentRead);
        break;
      }
      case 'TransactGetItems':
        for (const response of (output.Responses ?? []) as { Item?: Item }[]) {
          units.readUnits += 2 * readUnitsOf(response.Item ? itemSize(response.Item) : 0);
        }
        break;
      case 'PutItem':
        units.writeUnits += writeUnitsOf(itemSize(input.Item));
        break;
      case 'UpdateItem':
        units.writeUnits += writeUnitsOf(sizeAfter(input.TableName, input.Key));
        break;
      case 'DeleteItem':
        units.writeUnits += 1;
        break;
      case 'BatchWriteItem':
        for (const requests of Object.values(input.RequestItems ?? {}) as any[][]) {
          for (const request of requests) {
            units.writeUnits += request.PutRequest ? writeUnitsOf(itemSize(request.PutRequest.Item)) : 1;
          }
        }
        break;
      case 'TransactWriteItems':
        for (const item of (input.TransactItems ?? []) as Record<string, any>[]) {
          if (item.Put) units.writeUnits += 2 * writeUnitsOf(itemSize(item.Put.Item));
          else if (item.Update)
            units.writeUnits += 2 * writeUnitsOf(sizeAfter(item.Update.TableName, item.Update.Key));
          else units.writeUnits += 2; // Delete, ConditionCheck
        }
        break;
      default:
        break;
    }
  }
  return units;
}

/** The keys of the items an action updated, to read their sizes once it is over. */
export function updatedKeys(calls: RecordedCall[]): { table: string; key: Item }[] {
  const keys: { table: string; key: Item }[] = [];
  for (const call of calls) {
    const input = call.input as Record<string, any>;
    if (call.operation === 'UpdateItem') keys.push({ table: input.TableName, key: input.Key });
    if (call.operation === 'TransactWriteItems') {
      for (const item of (input.TransactItems ?? []) as Record<string, any>[]) {
        if (item.Update) keys.push({ table: item.Update.TableName, key: item.Update.Key });
      }
    }
  }
  return keys;
}
