import { can } from '@compact-tracker/domain/authorisation';
import { partnershipsOfOrganisation } from '@compact-tracker/store/participations';
import { authorise, type ServiceContext, signedIn } from './context.ts';
import { organisationOrThrow } from './organisations.ts';

// Who may log and read an organisation's progress (spend, assessments, targets): checked in this
// order so that anonymous callers learn nothing (401), unknown organisations are 404, others 403.

export async function authoriseProgressWrite(ctx: ServiceContext, organisationId: string) {
  signedIn(ctx);
  const organisation = await organisationOrThrow(ctx, organisationId);
  const caller = authorise(
    ctx,
    (c) => can.logProgress(c, organisationId),
    "log this organisation's progress (its representatives and officers only)",
  );
  return { caller, organisation };
}

export async function authoriseProgressRead(ctx: ServiceContext, organisationId: string) {
  signedIn(ctx);
  const organisation = await organisationOrThrow(ctx, organisationId);
  const member = can.readOrganisationPrivate(ctx.caller, organisationId);
  const partnershipIds = member ? [] : await partnershipsOfOrganisation(ctx.deps.db, organisationId);
  const caller = authorise(
    ctx,
    (c) => can.readProgress(c, organisationId, partnershipIds),
    "read this organisation's progress (its members, and its partnerships' coordinators and board)",
  );
  return { caller, organisation };
}
