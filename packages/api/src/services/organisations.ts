import { can } from '@compact-tracker/domain/authorisation';
import { notFound } from '@compact-tracker/domain/errors';
import type { OrganisationInput } from '@compact-tracker/domain/schemas';
import { membersOf } from '@compact-tracker/store/memberships';
import * as store from '@compact-tracker/store/organisations';
import { authorise, type ServiceContext, signedIn } from './context.ts';

export async function registerOrganisation(ctx: ServiceContext, input: OrganisationInput) {
  const caller = authorise(ctx, can.createOrganisation, 'register an organisation');
  const at = ctx.deps.now().toISOString();
  const record: store.OrganisationRecord = {
    id: ctx.deps.newId(),
    ...input,
    createdAt: at,
    createdBy: caller.email,
  };
  await store.createOrganisation(ctx.deps.db, record, {
    scope: 'organisation',
    id: record.id,
    email: caller.email,
    role: 'representative',
    createdAt: at,
    createdBy: caller.email,
  });
  return { ...publicProfile(record), yourRole: 'representative' as const };
}

export async function organisationOrThrow(ctx: ServiceContext, id: string) {
  const record = await store.getOrganisation(ctx.deps.db, id);
  if (!record) throw notFound(`organisation ${id}`);
  return record;
}

function publicProfile(record: store.OrganisationRecord) {
  const { createdBy: _createdBy, ...profile } = record;
  return profile;
}

/** Anyone sees the public profile; the organisation's own members also see budgets and members. */
export async function getOrganisation(ctx: ServiceContext, id: string) {
  const record = await organisationOrThrow(ctx, id);
  if (!can.readOrganisationPrivate(ctx.caller, id)) return publicProfile(record);
  const [budgets, members] = await Promise.all([
    store.budgetsOf(ctx.deps.db, id),
    membersOf(ctx.deps.db, 'organisation', id, { limit: 500 }),
  ]);
  return {
    ...publicProfile(record),
    createdBy: record.createdBy,
    budgets: budgets.map(({ financialYear, annualProcurementBudgetPence, declaredAt, declaredBy }) => ({
      financialYear,
      annualProcurementBudgetPence,
      declaredAt,
      declaredBy,
    })),
    members: members.items,
  };
}

export async function inviteOrganisationMember(
  ctx: ServiceContext,
  organisationId: string,
  input: { email: string; role: 'representative' | 'officer' },
) {
  signedIn(ctx);
  await organisationOrThrow(ctx, organisationId);
  const caller = authorise(
    ctx,
    (c) => can.inviteOrganisationMember(c, organisationId),
    "invite this organisation's members (its representatives only)",
  );
  const createdAt = ctx.deps.now().toISOString();
  await store.addOrganisationMember(ctx.deps.db, {
    scope: 'organisation',
    id: organisationId,
    email: input.email,
    role: input.role,
    createdAt,
    createdBy: caller.email,
  });
  return { organisationId, email: input.email, role: input.role, createdAt };
}

export async function declareBudget(
  ctx: ServiceContext,
  organisationId: string,
  financialYear: string,
  annualProcurementBudgetPence: number,
) {
  signedIn(ctx);
  await organisationOrThrow(ctx, organisationId);
  const caller = authorise(
    ctx,
    (c) => can.declareBudget(c, organisationId),
    "declare this organisation's budget (its representatives and officers only)",
  );
  const record: store.BudgetRecord = {
    organisationId,
    financialYear,
    annualProcurementBudgetPence,
    declaredAt: ctx.deps.now().toISOString(),
    declaredBy: caller.email,
  };
  await store.putBudget(ctx.deps.db, record);
  return record;
}
