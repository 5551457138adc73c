import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

// The names of organisations and partnerships by id, for pages that show who did something (a
// supplier's facts and history): one BatchGetItem a hundred ids, names only.

const MAX_ATTEMPTS = 8;

/** Names by id; an id with no record is left out. At most 100 ids a call to DynamoDB. */
export async function recordNames(
  db: Db,
  ids: { organisations: readonly string[]; partnerships: readonly string[] },
): Promise<Map<string, string>> {
  const wanted = [
    ...[...new Set(ids.organisations)].map((id) => keys.organisation(id)),
    ...[...new Set(ids.partnerships)].map((id) => keys.partnership(id)),
  ];
  const names = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 100) {
    let pending: Record<string, unknown>[] = wanted.slice(i, i + 100);
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await db.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [db.table]: {
              Keys: pending,
              ProjectionExpression: 'id, #name',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          },
        }),
      );
      for (const item of result.Responses?.[db.table] ?? [])
        names.set(item.id as string, item.name as string);
      pending = (result.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0 && attempt >= MAX_ATTEMPTS)
        throw new Error('DynamoDB kept refusing to read names');
    }
  }
  return names;
}
