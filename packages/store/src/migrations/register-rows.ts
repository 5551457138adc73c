import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../db.ts';
import { keys } from '../keys.ts';
import { queryAll } from '../query.ts';
import { reportedQuartersFields } from '../register.ts';
import { allCompacts } from '../report-inputs.ts';
import { quartersReported } from '../spend-ledger.ts';

// One-off, for data written before the register kept its rows by key and carried what their
// reporting status needs: drafts listed with the published compacts move to their partnership's
// drafts index, every compact's rejected rows move from PARTICIPANT# to REJECTED# (out of the
// register's key range), and signed rows that never had reported quarters get them from
// the organisation's returns and totals. Idempotent and resumable: each row is moved or filled
// under a condition that holds only while it still needs it, so a second run finds nothing to do
// and a signature, return or report job writing meanwhile wins. Until it has run, a rejected
// row would still show on the register and an old signed row shows no reporting status (the
// hourly report job fills those too).

export type RegisterMigrationReport = {
  compacts: number;
  rejectedMoved: number;
  rowsFilled: number;
  draftsMoved: number;
};

export async function migrateRegisterRows(
  db: Db,
  onProgress: (report: RegisterMigrationReport) => void = () => {},
  now: () => Date = () => new Date(),
): Promise<RegisterMigrationReport> {
  const report: RegisterMigrationReport = { compacts: 0, rejectedMoved: 0, rowsFilled: 0, draftsMoved: 0 };
  for (const compact of await allCompacts(db)) {
    if (compact.status === 'draft' && (await moveDraft(db, compact.id, compact.partnershipId)))
      report.draftsMoved += 1;
    const rows = await queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :participant)',
      ExpressionAttributeValues: {
        ':pk': keys.compactPk(compact.id),
        ':participant': keys.participantPrefix,
      },
    });
    for (const row of rows) {
      const organisationId = row.organisationId as string;
      if (row.status === 'rejected') {
        if (await moveRejected(db, compact.id, organisationId, row)) report.rejectedMoved += 1;
      } else if (row.status === 'signed' && row.reportedQuartersAt === undefined) {
        const reported = await quartersReported(db, organisationId);
        if (await fill(db, compact.id, organisationId, reported, now().toISOString())) report.rowsFilled += 1;
      }
    }
    report.compacts += 1;
    onProgress(report);
  }
  return report;
}

/** A draft listed with the published compacts goes under its partnership's drafts. */
async function moveDraft(db: Db, compactId: string, partnershipId: string) {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.compact(compactId),
        UpdateExpression: 'SET GSI1PK = :drafts, GSI1SK = :id',
        ConditionExpression: '#status = :draft AND GSI1PK = :public',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':drafts': keys.compactDraftsIndex(partnershipId, compactId).GSI1PK,
          ':id': compactId,
          ':draft': 'draft',
          ':public': keys.compactsIndex(compactId).GSI1PK,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

async function moveRejected(db: Db, compactId: string, organisationId: string, row: Record<string, unknown>) {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: db.table,
              Key: keys.participant(compactId, organisationId),
              ConditionExpression: '#status = :rejected',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':rejected': 'rejected' },
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                ...row,
                ...keys.rejectedParticipant(compactId, organisationId),
                type: 'rejected-participant',
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
    throw error;
  }
}

async function fill(db: Db, compactId: string, organisationId: string, reported: Set<string>, at: string) {
  const fields = reportedQuartersFields(reported, at);
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.participant(compactId, organisationId),
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(reportedQuartersAt)',
        ...(fields.reportedQuarters
          ? {
              UpdateExpression: 'SET reportedQuarters = :quarters, reportedQuartersAt = :at',
              ExpressionAttributeValues: { ':quarters': fields.reportedQuarters, ':at': at },
            }
          : { UpdateExpression: 'SET reportedQuartersAt = :at', ExpressionAttributeValues: { ':at': at } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
