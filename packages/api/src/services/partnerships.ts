import { can } from '@compact-tracker/domain/authorisation';
import { notFound } from '@compact-tracker/domain/errors';
import type { PartnershipInput } from '@compact-tracker/domain/schemas';
import * as store from '@compact-tracker/store/partnerships';
import { authorise, type PageRequest, type ServiceContext, signedIn } from './context.ts';
import { deliverInvitation, newInvitation } from './invitations.ts';

export async function createPartnership(ctx: ServiceContext, input: PartnershipInput) {
  const caller = authorise(ctx, can.createPartnership, 'create partnerships (admins only)');
  const record: store.PartnershipRecord = {
    id: ctx.deps.newId(),
    ...input,
    createdAt: ctx.deps.now().toISOString(),
    createdBy: caller.email,
  };
  await store.createPartnership(ctx.deps.db, record);
  return record;
}

export async function getPartnership(ctx: ServiceContext, id: string) {
  const record = await store.getPartnership(ctx.deps.db, id);
  if (!record) throw notFound(`partnership ${id}`);
  return record;
}

export function listPartnerships(ctx: ServiceContext, page: PageRequest) {
  return store.listPartnerships(ctx.deps.db, page);
}

/**
 * Appoints a coordinator or board member (granted by email) with an invitation, written together;
 * then emails it if there is a mailer. `site`: the pages' origin, for the invitation's link.
 */
export async function appointPartnershipMember(
  ctx: ServiceContext,
  partnershipId: string,
  input: { email: string; role: 'coordinator' | 'board' },
  site: string,
) {
  signedIn(ctx);
  const partnership = await getPartnership(ctx, partnershipId);
  const caller = authorise(
    ctx,
    (c) => can.appointPartnershipMember(c, partnershipId),
    'appoint members of this partnership (admins and its coordinators only)',
  );
  const record = {
    scope: 'partnership' as const,
    id: partnershipId,
    email: input.email,
    role: input.role,
    createdAt: ctx.deps.now().toISOString(),
    createdBy: caller.email,
  };
  const invitation = newInvitation(
    ctx,
    caller,
    { scope: 'partnership', id: partnershipId, name: partnership.name, email: input.email, role: input.role },
    site,
  );
  await store.addPartnershipMember(ctx.deps.db, record, invitation.record);
  return {
    partnershipId,
    email: record.email,
    role: record.role,
    createdAt: record.createdAt,
    invitation: await deliverInvitation(ctx, invitation),
  };
}
