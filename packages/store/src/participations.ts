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

export async function getParticipant(db: Db, compactId: string, organisationId: string) {
  const result = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.participant(compactId, organisationId),
      ConsistentRead: true,
    }),
  );
  return result.Item ? withoutKeys<ParticipantRecord>(result.Item) : null;
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

export async function listParticipants(
  db: Db,
  compactId: string,
  page: { limit: number; cursor?: string },
  options: { withoutRejected?: boolean } = {},
) {
  return queryPage(
    db,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :participant)',
      ...(options.withoutRejected
        ? { FilterExpression: '#status <> :rejected', ExpressionAttributeNames: { '#status': 'status' } }
        : {}),
      ExpressionAttributeValues: {
        ':pk': keys.compactPk(compactId),
        ':participant': keys.participantPrefix,
        ...(options.withoutRejected ? { ':rejected': 'rejected' } : {}),
      },
    },
    page,
    (item) => withoutKeys<ParticipantRecord>(item),
  );
}

/** Every row of a compact's register, rejected ones included. */
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
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.participant(record.compactId, record.organisationId),
                ...keys.participationsIndex(record.organisationId, record.compactId),
                type: 'participant',
                ...record,
              },
              ConditionExpression: participantCondition,
              ExpressionAttributeNames: allowed.length > 0 ? { '#status': 'status' } : undefined,
              ExpressionAttributeValues: allowed.length > 0 ? participantValues : undefined,
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: eventItem(event),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isCancelledBy(error, 0, 'ConditionalCheckFailed')) throw new ParticipationConflict('compact');
    if (isCancelledBy(error, 1, 'ConditionalCheckFailed')) throw new ParticipationConflict('participant');
    throw error;
  }
}

/** DynamoDB refuses an empty ExpressionAttributeNames map: leave it out instead. */
function nonEmpty(names: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(names).length > 0 ? names : undefined;
}
