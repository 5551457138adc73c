import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Sector } from '@compact-tracker/domain/schemas';
import type { Db } from './db.ts';
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

/** The organisation and its first representative appear together or not at all. */
export async function createOrganisation(
  db: Db,
  record: OrganisationRecord,
  representative: MembershipRecord,
): Promise<void> {
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
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
}

export async function getOrganisation(db: Db, id: string): Promise<OrganisationRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.organisation(id) }));
  return result.Item ? withoutKeys<OrganisationRecord>(result.Item) : null;
}

export async function addOrganisationMember(db: Db, record: MembershipRecord): Promise<void> {
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
