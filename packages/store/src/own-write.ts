import { isDeepStrictEqual } from 'node:util';
import { unmarshall } from '@aws-sdk/util-dynamodb';

// A conditional create whose reply was lost (a dropped connection, a timeout) is retried by the SDK
// and then fails its own attribute_not_exists on the item the first attempt wrote. With
// ReturnValuesOnConditionCheckFailure ALL_OLD the refused item comes back: when it holds every
// field of this write, unchanged, the write did land, exactly once. Any other item there (an
// overwrite attempted with the same id) is still a conflict.

export function failedOnOwnWrite(error: unknown, written: Record<string, unknown>): boolean {
  if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') return false;
  const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  if (!raw) return false;
  const old = unmarshall(raw);
  return Object.entries(written).every(([field, value]) => isDeepStrictEqual(old[field], value));
}
