import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { withoutKeys } from './query.ts';

/**
 * An invitation to a membership (made at the same time as the membership, which is granted by
 * email): the link the invited person follows to sign in, or sign up, and accept. Its id is random
 * and unguessable: the link is the invitation.
 */
export type InvitationRecord = {
  id: string;
  email: string;
  scope: 'organisation' | 'partnership';
  /** The organisation's or partnership's id and name. */
  targetId: string;
  targetName: string;
  role: string;
  invitedBy: { email: string; name: string };
  createdAt: string;
  acceptedAt?: string;
};

/** The invitation as a transaction item: written with the membership it announces. */
export function invitationPut(db: Db, record: InvitationRecord) {
  return {
    Put: {
      TableName: db.table,
      Item: { ...keys.invitation(record.id), type: 'invitation', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export async function createInvitation(db: Db, record: InvitationRecord): Promise<void> {
  await db.doc.send(new PutCommand(invitationPut(db, record).Put));
}

export async function getInvitation(db: Db, id: string): Promise<InvitationRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.invitation(id) }));
  return result.Item ? withoutKeys<InvitationRecord>(result.Item) : null;
}

/** The first acceptance counts; a second is a no-op. */
export async function markInvitationAccepted(db: Db, id: string, at: string): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.invitation(id),
        UpdateExpression: 'SET acceptedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(acceptedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
}
