import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ParticipationStatus } from '@compact-tracker/domain/participation';
import type { Sector } from '@compact-tracker/domain/schemas';
import { isCancelledBy } from './compacts.ts';
import type { Db } from './db.ts';
import { type EventRecord, eventItem } from './events.ts';
import { keys } from './keys.ts';
import { queryAll, queryPage, withoutKeys } from './query.ts';

/** One organisation's standing with one compact: the register row. */
export type ParticipantRecord = {
  compactId: string;
  /** The compact's partnership, kept on the row so an organisation's partnerships are one query. */
  partnershipId: string;
  organisationId: string;
  name: string;
  sector: Sector;
  status: ParticipationStatus;
  interestedAt?: string;
  signedAt?: string;
  withdrawnAt?: string;
  version?: number;
  textSha256?: string;
  signatoryName?: string;
  signatoryRole?: string;
  withdrawalReason?: string;
  /** Set when a coordinator verified the signature; absent while it awaits verification. */
  verifiedAt?: string;
  verifiedBy?: string;
  rejectedAt?: string;
  rejectionReason?: string;
  /**
   * The quarters the organisation has reported (a return, or ledger totals), kept on the row by the
   * writes that change them (signing, spend returns, and the hourly report job for imports), so
   * that the register works out each row's reporting status from the row and today alone.
   */
  reportedQuarters?: Set<string>;
  /** When reportedQuarters was last set in full; absent on rows that never were (shown without a status). */
  reportedQuartersAt?: string;
};

/** Why a participation write was refused by the table's conditions. */
export class ParticipationConflict extends Error {
  readonly on: 'compact' | 'participant';
  constructor(on: 'compact' | 'participant') {
    super(on === 'compact' ? 'the compact changed meanwhile' : 'the participation changed meanwhile');
    this.name = 'ParticipationConflict';
    this.on = on;
  }
}

/** The organisation's row for the compact: on the register, else a rejected one, else null. */
export async function getParticipant(db: Db, compactId: string, organisationId: string) {
  for (const key of [
    keys.participant(compactId, organisationId),
    keys.rejectedParticipant(compactId, organisationId),
  ]) {
    const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
    if (result.Item) return withoutKeys<ParticipantRecord>(result.Item);
  }
  return null;
}

/** The partnerships whose compacts an organisation has taken part in (interested, signed or withdrawn). */
export async function partnershipsOfOrganisation(db: Db, organisationId: string): Promise<string[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.participationsIndex(organisationId, '').GSI1PK },
    ProjectionExpression: 'partnershipId',
  });
  return [...new Set(items.map((item) => item.partnershipId as string))];
}

/**
 * One page of the compact's register: the rows under PARTICIPANT# (interested, signed, withdrawn).
 * Rejected rows live under another key (REJECTED#), so no read of the register ever meets them.
 */
export async function listParticipants(db: Db, compactId: string, page: { limit: number; cursor?: string }) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :participant)',
      ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':participant': keys.participantPrefix },
    },
    page,
    (item) => withoutKeys<ParticipantRecord>(item),
  );
}

/** Every row of a compact's register (rejected ones are not on it). */
export async function allParticipants(db: Db, compactId: string): Promise<ParticipantRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :participant)',
    ExpressionAttributeValues: { ':pk': keys.compactPk(compactId), ':participant': keys.participantPrefix },
  });
  return items.map((item) => withoutKeys<ParticipantRecord>(item));
}

type Change = {
  record: ParticipantRecord;
  /** Participant statuses from which this change may happen (undefined: no record yet). */
  from: (ParticipationStatus | undefined)[];
  /**
   * The compact must be open (unless anyStatus: withdrawals from a closed compact), at this version
   * and hash if given; the signatory count moves by countDelta.
   */
  compact: { version?: number; textSha256?: string; countDelta: number; anyStatus?: boolean };
  event: EventRecord;
  /** Only a signature not yet verified may change (verify and reject: exactly one decision wins). */
  unverified?: boolean;
};

/**
 * Writes one participation change as a single transaction: the compact is checked (open, current
 * version) and its signatory count adjusted, the participant row moves only from an allowed status,
 * and the audit event is appended. Concurrent attempts serialise on those conditions: exactly one wins.
 * A rejection moves the row from the register's key (PARTICIPANT#) to REJECTED#; a first row for an
 * organisation is written only while it has no rejected one.
 */
export async function changeParticipation(db: Db, change: Change): Promise<void> {
  const { record, compact, event } = change;
  const compactValues: Record<string, unknown> = { ':delta': compact.countDelta };
  let compactCondition = 'attribute_exists(PK)';
  if (!compact.anyStatus) {
    compactCondition += ' AND #status = :open';
    compactValues[':open'] = 'open';
  }
  if (compact.version !== undefined) {
    compactCondition += ' AND #version = :version AND textSha256 = :hash';
    compactValues[':version'] = compact.version;
    compactValues[':hash'] = compact.textSha256;
  }
  const allowsNew = change.from.includes(undefined);
  const allowed = change.from.filter((status): status is ParticipationStatus => status !== undefined);
  const participantValues: Record<string, unknown> = Object.fromEntries(
    allowed.map((s, i) => [`:from${i}`, s]),
  );
  let participantCondition = [
    ...(allowsNew ? ['attribute_not_exists(PK)'] : []),
    ...allowed.map((_, i) => `#status = :from${i}`),
  ].join(' OR ');
  if (change.unverified)
    participantCondition = `(${participantCondition}) AND attribute_not_exists(verifiedAt)`;
  const participantGuard = {
    ConditionExpression: participantCondition,
    ExpressionAttributeNames: allowed.length > 0 ? { '#status': 'status' } : undefined,
    ExpressionAttributeValues: allowed.length > 0 ? participantValues : undefined,
  };
  const rejected = record.status === 'rejected';
  const participantItem = (kind: 'participant' | 'rejected') => ({
    ...(kind === 'participant'
      ? keys.participant(record.compactId, record.organisationId)
      : keys.rejectedParticipant(record.compactId, record.organisationId)),
    ...keys.participationsIndex(record.organisationId, record.compactId),
    type: kind === 'participant' ? 'participant' : 'rejected-participant',
    ...record,
  });

  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.compact(record.compactId),
              UpdateExpression: 'ADD signatoryCount :delta',
              ConditionExpression: compactCondition,
              ExpressionAttributeNames: nonEmpty({
                ...(compact.anyStatus ? {} : { '#status': 'status' }),
                ...(compact.version !== undefined ? { '#version': 'version' } : {}),
              }),
              ExpressionAttributeValues: compactValues,
            },
          },
          rejected
            ? {
                Delete: {
                  TableName: db.table,
                  Key: keys.participant(record.compactId, record.organisationId),
                  ...participantGuard,
                },
              }
            : { Put: { TableName: db.table, Item: participantItem('participant'), ...participantGuard } },
          {
            Put: {
              TableName: db.table,
              Item: eventItem(event),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...(rejected
            ? [{ Put: { TableName: db.table, Item: participantItem('rejected') } }]
            : allowsNew
              ? [
                  {
                    ConditionCheck: {
                      TableName: db.table,
                      Key: keys.rejectedParticipant(record.compactId, record.organisationId),
                      ConditionExpression: 'attribute_not_exists(PK)',
                    },
                  },
                ]
              : []),
        ],
      }),
    );
  } catch (error) {
    if (isCancelledBy(error, 0, 'ConditionalCheckFailed')) throw new ParticipationConflict('compact');
    if (
      isCancelledBy(error, 1, 'ConditionalCheckFailed') ||
      isCancelledBy(error, 3, 'ConditionalCheckFailed')
    )
      throw new ParticipationConflict('participant');
    throw error;
  }
}

/** DynamoDB refuses an empty ExpressionAttributeNames map: leave it out instead. */
function nonEmpty(names: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(names).length > 0 ? names : undefined;
}
