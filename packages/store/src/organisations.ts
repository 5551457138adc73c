import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IdentityKind, identityKeys } from '@compact-tracker/domain/organisation-identity';
import type { Sector } from '@compact-tracker/domain/schemas';
import { isCancelledBy } from './compacts.ts';
import type { Db } from './db.ts';
import { type InvitationRecord, invitationPut } from './invitations.ts';
import { keys } from './keys.ts';
import { type MembershipRecord, membershipItem } from './memberships.ts';
import { queryAll, withoutKeys } from './query.ts';

export type OrganisationRecord = {
  id: string;
  name: string;
  sector: Sector;
  postcode: string;
  companyNumber?: string;
  charityNumber?: string;
  website?: string;
  createdAt: string;
  createdBy: string;
};

export type BudgetRecord = {
  organisationId: string;
  financialYear: string;
  annualProcurementBudgetPence: number;
  declaredAt: string;
  declaredBy: string;
};

/** Refused: another organisation already holds one of the new one's identity keys. */
export class LookalikeOrganisation extends Error {
  readonly organisationId: string;
  readonly kind: IdentityKind;
  constructor(organisationId: string, kind: IdentityKind) {
    super(`an organisation with ${kind} is already registered`);
    this.name = 'LookalikeOrganisation';
    this.organisationId = organisationId;
    this.kind = kind;
  }
}

/**
 * The organisation, its identity keys (company number, charity number, normalised name and
 * postcode: see domain/organisation-identity.ts) and its first representative appear together
 * or not at all. A key already held is a LookalikeOrganisation naming the holder; two lookalikes
 * registered at once cannot both win.
 */
export async function createOrganisation(
  db: Db,
  record: OrganisationRecord,
  representative: MembershipRecord,
): Promise<void> {
  const identities = identityKeys(record);
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          ...identities.map((identity) => ({
            Put: {
              TableName: db.table,
              Item: {
                ...keys.organisationIdentity(identity.kind, identity.value),
                type: 'organisation-identity',
                organisationId: record.id,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.organisation(record.id),
                ...keys.organisationsIndex(record.id),
                type: 'organisation',
                ...record,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Put: { TableName: db.table, Item: membershipItem(representative) } },
        ],
      }),
    );
  } catch (error) {
    const held = identities.findIndex((_, index) => isCancelledBy(error, index, 'ConditionalCheckFailed'));
    const identity = identities[held];
    if (!identity) throw error;
    const holder = await db.doc.send(
      new GetCommand({
        TableName: db.table,
        Key: keys.organisationIdentity(identity.kind, identity.value),
        ConsistentRead: true,
      }),
    );
    throw new LookalikeOrganisation(String(holder.Item?.organisationId ?? ''), identity.kind);
  }
}

export async function getOrganisation(db: Db, id: string): Promise<OrganisationRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.organisation(id) }));
  return result.Item ? withoutKeys<OrganisationRecord>(result.Item) : null;
}

export async function addOrganisationMember(
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
            Key: keys.organisation(record.id),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        { Put: { TableName: db.table, Item: membershipItem(record) } },
        // The invitation answers the person's request to join, if they made one.
        { Delete: { TableName: db.table, Key: keys.joinRequest(record.id, record.email) } },
        ...(invitation ? [invitationPut(db, invitation)] : []),
      ],
    }),
  );
}

/** A later declaration for the same year replaces the earlier one. */
export async function putBudget(db: Db, record: BudgetRecord): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.budget(record.organisationId, record.financialYear), type: 'budget', ...record },
    }),
  );
}

export async function budgetsOf(db: Db, organisationId: string): Promise<BudgetRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :budget)',
    ExpressionAttributeValues: { ':pk': keys.organisation(organisationId).PK, ':budget': keys.budgetPrefix },
  });
  return items.map((item) => withoutKeys<BudgetRecord>(item));
}

/** A person asking to be invited to an organisation; its representatives see it on its page. */
export type JoinRequestRecord = {
  organisationId: string;
  email: string;
  name: string;
  message?: string;
  requestedAt: string;
};

/** A later request from the same person replaces the earlier one. */
export async function saveJoinRequest(db: Db, record: JoinRequestRecord): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: db.table,
            Key: keys.organisation(record.organisationId),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.joinRequest(record.organisationId, record.email),
              type: 'join-request',
              ...record,
            },
          },
        },
      ],
    }),
  );
}

export async function joinRequestsOf(db: Db, organisationId: string): Promise<JoinRequestRecord[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :request)',
    ExpressionAttributeValues: {
      ':pk': keys.organisation(organisationId).PK,
      ':request': keys.joinRequestPrefix,
    },
  });
  return items.map((item) => withoutKeys<JoinRequestRecord>(item));
}
