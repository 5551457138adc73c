import { describe, expect, it } from 'vitest';
import { unitsOf } from '../../bench/lib/capacity-units.ts';
import type { RecordedCall } from '../../bench/lib/dynamodb-recorder.ts';

// The cost benchmark's units, as AWS bills on-demand tables: writes per started KB, reads per
// started 4 KB, eventually consistent reads half, transactional operations twice.

const call = (operation: string, input: object, output: object = {}): RecordedCall => ({
  operation,
  input: input as Record<string, unknown>,
  output: output as Record<string, unknown>,
  status: 200,
  start: 0,
  end: 1,
});
/** An item of about `bytes` bytes: a key and one string attribute. */
const item = (bytes: number) => ({ PK: { S: 'K' }, SK: { S: 'S' }, d: { S: 'x'.repeat(bytes - 7) } });
const none = () => 0;

describe('capacity units', () => {
  it('writes: per started KB, transactional twice, updates at their size after', () => {
    expect(unitsOf([call('PutItem', { Item: item(1024) })], none).writeUnits).toBe(1);
    expect(unitsOf([call('PutItem', { Item: item(1025) })], none).writeUnits).toBe(2);
    expect(unitsOf([call('UpdateItem', { TableName: 't', Key: {} })], () => 3000).writeUnits).toBe(3);
    const transaction = call('TransactWriteItems', {
      TransactItems: [
        { Put: { Item: item(100) } },
        { Update: { TableName: 't', Key: {} } },
        { ConditionCheck: { TableName: 't', Key: {} } },
      ],
    });
    expect(unitsOf([transaction], () => 1500).writeUnits).toBe(2 * 1 + 2 * 2 + 2);
    const batch = call('BatchWriteItem', {
      RequestItems: { t: [{ PutRequest: { Item: item(2000) } }, { DeleteRequest: { Key: {} } }] },
    });
    expect(unitsOf([batch], none).writeUnits).toBe(3);
  });

  it('reads: per started 4 KB, eventually consistent half, a missing item the minimum', () => {
    expect(unitsOf([call('GetItem', { ConsistentRead: true }, { Item: item(4097) })], none).readUnits).toBe(
      2,
    );
    expect(unitsOf([call('GetItem', {}, { Item: item(100) })], none).readUnits).toBe(0.5);
    expect(unitsOf([call('GetItem', {}, {})], none).readUnits).toBe(0.5);
    // A page's items are summed before rounding: ten 1 KB items are 3 units, not 10.
    const page = call(
      'Query',
      { ConsistentRead: true },
      { Items: Array.from({ length: 10 }, () => item(1024)) },
    );
    expect(unitsOf([page], none).readUnits).toBe(3);
    const transaction = call(
      'TransactGetItems',
      {},
      { Responses: [{ Item: item(100) }, { Item: item(5000) }] },
    );
    expect(unitsOf([transaction], none).readUnits).toBe(2 * 1 + 2 * 2);
    const units = unitsOf([page, transaction], none);
    expect(units.requests).toBe(2);
    expect(units.byOperation).toEqual({ Query: 1, TransactGetItems: 1 });
  });
});
