import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { type InvitationRecord, invitationPut } from './invitations.ts';
import { keys } from './keys.ts';
import { type MembershipRecord, membershipItem } from './memberships.ts';
import { queryPage, withoutKeys } from './query.ts';

export type PartnershipRecord = {
  id: string;
  name: string;
  area: string;
  description?: string;
  createdAt: string;
  createdBy: string;
  /** The partnership's local area: postcode areas or districts ("B", "WS1"), normalised. */
  areaPostcodes?: string[];
  areaSetAt?: string;
  areaSetBy?: string;
};

export async function createPartnership(db: Db, record: PartnershipRecord): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.partnership(record.id),
              ...keys.partnershipsIndex(record.id),
              type: 'partnership',
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    }),
  );
}

export async function getPartnership(db: Db, id: string): Promise<PartnershipRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.partnership(id) }));
  return result.Item ? strip(result.Item) : null;
}

export async function listPartnerships(db: Db, page: { limit: number; cursor?: string }) {
  return queryPage(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'PARTNERSHIPS' },
    },
    page,
    strip,
  );
}

/** Replaces the partnership's area (postcode areas or districts); false when there is no such partnership. */
export async function setPartnershipArea(
  db: Db,
  id: string,
  area: { postcodes: string[]; at: string; by: string },
): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.partnership(id),
        UpdateExpression: 'SET areaPostcodes = :p, areaSetAt = :at, areaSetBy = :by',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':p': area.postcodes, ':at': area.at, ':by': area.by },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A membership of an existing partnership: the partnership must still be there when it is written. */
export async function addPartnershipMember(
  db: Db,
  record: MembershipRecord,
  invitation?: InvitationRecord,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.partnership(record.id),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        { Put: { TableName: db.table, Item: membershipItem(record) } },
        ...(invitation ? [invitationPut(db, invitation)] : []),
      ],
    }),
  );
}

const strip = (item: Record<string, unknown>) => withoutKeys<PartnershipRecord>(item);
