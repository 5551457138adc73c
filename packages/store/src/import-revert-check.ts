import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { getAll, queryAll } from './query.ts';
import type { SpendImportRecord } from './spend-imports.ts';

// Whether an import can be reverted now, read before a revert starts in the background: a later
// import restated lines it wrote or restated. Only lines restated by other imports can say so, so
// this reads those (the restatement records of the organisation's other imports that ran while or
// after this one did, and their lines by key), never this import's own lines: it costs what the
// later restatements cost, however large the import. The revert itself checks again as it plans.

/** The imports that restated lines of `importId` after it (revert those first); empty when none did. */
export async function laterRestatingImports(
  db: Db,
  organisationId: string,
  importId: string,
): Promise<string[]> {
  const imports = (
    await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.organisation(organisationId).PK, ':prefix': 'IMPORT#' },
      ProjectionExpression: '#id, #status, startedAt, createdAt, finishedAt',
      ExpressionAttributeNames: { '#id': 'id', '#status': 'status' },
      ConsistentRead: true,
    })
  ).map(
    (item) =>
      item as unknown as Pick<SpendImportRecord, 'id' | 'status' | 'startedAt' | 'createdAt' | 'finishedAt'>,
  );
  const own = imports.find((i) => i.id === importId);
  const since = own?.startedAt ?? own?.createdAt ?? '';
  // An import that finished before this one started restated none of its lines; a reverted one
  // gave back what it restated.
  const others = imports.filter(
    (i) =>
      i.id !== importId && i.status !== 'reverted' && (i.finishedAt === undefined || i.finishedAt >= since),
  );
  const lineKeys = new Map<string, Record<string, string>>();
  for (const other of others) {
    const records = await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.importRestated(other.id, 0).PK,
        ':prefix': keys.importRestatedPrefix,
      },
      ProjectionExpression: 'quarter, #identity, ordinal',
      ExpressionAttributeNames: { '#identity': 'identity' },
    });
    for (const r of records) {
      const key = keys.ledgerLine(
        organisationId,
        r.quarter as string,
        r.identity as string,
        r.ordinal as number,
      );
      lineKeys.set(`${key.PK}|${key.SK}`, key);
    }
  }
  const blockers = new Set<string>();
  const lines = await getAll(db, [...lineKeys.values()], {
    consistent: true,
    projection: 'importId, restatedBy',
  });
  for (const line of lines) {
    const by = (line.restatedBy as string[] | undefined) ?? [];
    // The same rules as the revert's plan: a line it wrote restated since, or a line it
    // restated restated again since.
    const at = line.importId === importId ? -1 : by.lastIndexOf(importId);
    if (line.importId === importId || at !== -1) for (const later of by.slice(at + 1)) blockers.add(later);
  }
  return [...blockers];
}
