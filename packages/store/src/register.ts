import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from './concurrency.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import type { ParticipantRecord } from './participations.ts';
import { queryAll } from './query.ts';

// What a register row's reporting status needs, kept on the row: the quarters its organisation has
// reported (`reportedQuarters`, a string set). The register works the status out from the row and
// today, so a page of any size is one query. The writes that change what was reported keep it:
// signing sets it in full, a spend return adds its quarter in the same transaction, and the hourly
// report job (which reads every signatory's totals anyway) brings every signed row into line with
// the ledger, which covers imports without the importer knowing about the register.

/**
 * The compacts on whose registers the organisation has a row (not rejected ones: those are under
 * REJECTED#). GSI1, so eventually consistent: a row made a moment ago may be missed, and the hourly
 * job brings it into line.
 */
export async function registerRowsOfOrganisation(db: Db, organisationId: string): Promise<string[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.participationsIndex(organisationId, '').GSI1PK },
    ProjectionExpression: 'SK, GSI1SK',
  });
  return items
    .filter((item) => (item.SK as string).startsWith(keys.participantPrefix))
    .map((item) => item.GSI1SK as string);
}

/**
 * Transaction items adding a reported quarter to the organisation's register rows. Each needs its
 * row to exist: a row rejected (moved) meanwhile cancels the transaction rather than leaving a
 * stray half-row behind.
 */
export function reportedQuarterUpdates(
  db: Db,
  organisationId: string,
  compactIds: string[],
  quarter: string,
  /** False: the quarter is no longer reported (a return replaced by one reporting nothing, nothing imported). */
  reported = true,
) {
  return compactIds.map((compactId) => ({
    Update: {
      TableName: db.table,
      Key: { ...keys.participant(compactId, organisationId) },
      UpdateExpression: reported ? 'ADD reportedQuarters :quarter' : 'DELETE reportedQuarters :quarter',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':quarter': new Set([quarter]) },
    },
  }));
}

/** The attributes a row gets when its reported quarters are set in full (an empty set cannot be stored). */
export function reportedQuartersFields(quarters: Iterable<string>, at: string) {
  const set = new Set(quarters);
  return { reportedQuarters: set.size > 0 ? set : undefined, reportedQuartersAt: at };
}

/**
 * Brings the signed rows of one compact's register into line with what each organisation has
 * reported (`reportedOf`; undefined: not known to this run, left alone). Writes only rows that
 * differ: quarters missing are added (a spend return adding its own quarter at the same time loses
 * nothing), and a row with quarters no longer reported, or never tracked, is set in full.
 * Returns the number of rows written. Rows are written `concurrency` at a time.
 */
export async function syncReportedQuarters(
  db: Db,
  rows: ParticipantRecord[],
  reportedOf: (organisationId: string) => ReadonlySet<string> | undefined,
  at: string,
  concurrency = 16,
): Promise<number> {
  const updates = rows.flatMap((row) => {
    if (row.status !== 'signed') return [];
    const reported = reportedOf(row.organisationId);
    if (!reported) return [];
    const onRow = row.reportedQuarters ?? new Set<string>();
    const missing = [...reported].filter((q) => !onRow.has(q));
    const extra = [...onRow].filter((q) => !reported.has(q));
    if (row.reportedQuartersAt && missing.length === 0 && extra.length === 0) return [];
    const input =
      row.reportedQuartersAt && extra.length === 0
        ? {
            UpdateExpression: 'ADD reportedQuarters :missing',
            ExpressionAttributeValues: { ':missing': new Set(missing) },
          }
        : reported.size > 0
          ? {
              UpdateExpression: 'SET reportedQuarters = :all, reportedQuartersAt = :at',
              ExpressionAttributeValues: { ':all': new Set(reported), ':at': at },
            }
          : {
              UpdateExpression: 'SET reportedQuartersAt = :at REMOVE reportedQuarters',
              ExpressionAttributeValues: { ':at': at },
            };
    return [{ key: keys.participant(row.compactId, row.organisationId), input }];
  });
  // Each row is its own item: the updates go out side by side, a bounded number at a time.
  const outcomes = await mapLimit(updates, concurrency, async ({ key, input }) => {
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          ConditionExpression: 'attribute_exists(PK)',
          ...input,
        }),
      );
      return 1;
    } catch (error) {
      // Rejected (moved off the register) since it was read: nothing to keep on it.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      return 0;
    }
  });
  return outcomes.reduce((sum: number, n) => sum + n, 0);
}
