import { can, organisationRoles } from '@compact-tracker/domain/authorisation';
import { conflict, notFound } from '@compact-tracker/domain/errors';
import { identityDescriptions } from '@compact-tracker/domain/organisation-identity';
import type { OrganisationInput } from '@compact-tracker/domain/schemas';
import { membersOf } from '@compact-tracker/store/memberships';
import * as store from '@compact-tracker/store/organisations';
import { authorise, type ServiceContext, signedIn } from './context.ts';
import { deliverInvitation, newInvitation } from './invitations.ts';

export async function registerOrganisation(ctx: ServiceContext, input: OrganisationInput) {
  const caller = authorise(ctx, can.createOrganisation, 'register an organisation');
  const at = ctx.deps.now().toISOString();
  const record: store.OrganisationRecord = {
    id: ctx.deps.newId(),
    ...input,
    createdAt: at,
    createdBy: caller.email,
  };
  try {
    await store.createOrganisation(ctx.deps.db, record, {
      scope: 'organisation',
      id: record.id,
      email: caller.email,
      role: 'representative',
      createdAt: at,
      createdBy: caller.email,
    });
  } catch (error) {
    if (!(error instanceof store.LookalikeOrganisation)) throw error;
    const existing = await store.getOrganisation(ctx.deps.db, error.organisationId);
    throw conflict(
      `${existing?.name ?? 'an organisation'} (${existing?.postcode ?? 'registered'}) has ${identityDescriptions[error.kind]} ` +
        'and is already registered: ask its representative to invite you instead of registering it again',
      { details: { organisationId: error.organisationId } },
    );
  }
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
  const [budgets, members, joinRequests] = await Promise.all([
    store.budgetsOf(ctx.deps.db, id),
    membersOf(ctx.deps.db, 'organisation', id, { limit: 500 }),
    can.inviteOrganisationMember(ctx.caller, id) ? store.joinRequestsOf(ctx.deps.db, id) : null,
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
    // Representatives only: who asks to be invited.
    ...(joinRequests
      ? {
          joinRequests: joinRequests.map(({ email, name, message, requestedAt }) => ({
            email,
            name,
            message,
            requestedAt,
          })),
        }
      : {}),
  };
}

/**
 * Invites a representative or officer (granted by email) with an invitation, written together;
 * then emails it if there is a mailer. `site`: the pages' origin, for the invitation's link.
 */
export async function inviteOrganisationMember(
  ctx: ServiceContext,
  organisationId: string,
  input: { email: string; role: 'representative' | 'officer' },
  site: string,
) {
  signedIn(ctx);
  const organisation = await organisationOrThrow(ctx, organisationId);
  const caller = authorise(
    ctx,
    (c) => can.inviteOrganisationMember(c, organisationId),
    "invite this organisation's members (its representatives only)",
  );
  const createdAt = ctx.deps.now().toISOString();
  const invitation = newInvitation(
    ctx,
    caller,
    {
      scope: 'organisation',
      id: organisationId,
      name: organisation.name,
      email: input.email,
      role: input.role,
    },
    site,
  );
  await store.addOrganisationMember(
    ctx.deps.db,
    {
      scope: 'organisation',
      id: organisationId,
      email: input.email,
      role: input.role,
      createdAt,
      createdBy: caller.email,
    },
    invitation.record,
  );
  return {
    organisationId,
    email: input.email,
    role: input.role,
    createdAt,
    invitation: await deliverInvitation(ctx, invitation),
  };
}

/**
 * Asks an organisation's representatives to invite the caller (the way in when registering it
 * again was refused as a lookalike). They see the request on the organisation's page (and in
 * GET /v1/organisations/{oid} as `joinRequests`). 409 for its members.
 */
export async function askToJoin(ctx: ServiceContext, organisationId: string, input: { message?: string }) {
  const caller = signedIn(ctx);
  await organisationOrThrow(ctx, organisationId);
  if (organisationRoles(caller, organisationId).length > 0) {
    throw conflict('you are already a member of this organisation');
  }
  const requestedAt = ctx.deps.now().toISOString();
  await store.saveJoinRequest(ctx.deps.db, {
    organisationId,
    email: caller.email,
    name: caller.name,
    ...(input.message ? { message: input.message } : {}),
    requestedAt,
  });
  return { organisationId, status: 'requested' as const, requestedAt };
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
