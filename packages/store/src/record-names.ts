import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { getAll } from './query.ts';

// The names of organisations and partnerships by id, for pages that show who did something (a
// supplier's facts and history): one BatchGetItem a hundred ids, names only.

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
  const items = await getAll(db, wanted, { projection: 'id, #name', names: { '#name': 'name' } });
  for (const item of items) names.set(item.id as string, item.name as string);
  return names;
}
