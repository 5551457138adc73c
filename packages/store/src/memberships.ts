import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Membership } from '@compact-tracker/domain/authorisation';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { queryAll, queryPage } from './query.ts';

export type MembershipRecord = Membership & { email: string; createdAt: string; createdBy: string };

export function membershipItem(record: MembershipRecord) {
  return {
    ...keys.membership(record.email, record.scope, record.id),
    ...keys.membersIndex(record.scope, record.id, record.email),
    type: 'membership',
    ...record,
  };
}

/** Appoints a user (by email, before they ever sign in) or changes their role in that scope. */
export async function putMembership(db: Db, record: MembershipRecord): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: membershipItem(record) }));
}

export async function membershipsOf(db: Db, email: string): Promise<Membership[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
    ExpressionAttributeValues: { ':pk': keys.membershipsOfUser(email), ':member': 'MEMBER#' },
  });
  return items.map((item) => ({ scope: item.scope, id: item.id, role: item.role }) as Membership);
}

export async function membersOf(
  db: Db,
  scope: Membership['scope'],
  id: string,
  page: { limit: number; cursor?: string },
) {
  return queryPage(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.membersIndex(scope, id, '').GSI1PK },
    },
    page,
    (item) => ({
      email: item.email as string,
      role: item.role as string,
      createdAt: item.createdAt as string,
    }),
  );
}
