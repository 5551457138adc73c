// What a caller may do is decided from their memberships (held in the database), never from the
// token alone; the token only proves who they are (and, for admins, the admin group).

export type OrganisationRole = 'representative' | 'officer';
export type PartnershipRole = 'coordinator' | 'board';

export type Membership =
  | { scope: 'organisation'; id: string; role: OrganisationRole }
  | { scope: 'partnership'; id: string; role: PartnershipRole };

export type Caller = {
  sub: string;
  email: string;
  name: string;
  admin: boolean;
  memberships: Membership[];
};

export function organisationRoles(caller: Caller | null, organisationId: string): OrganisationRole[] {
  if (!caller) return [];
  return caller.memberships.flatMap((m) =>
    m.scope === 'organisation' && m.id === organisationId ? [m.role] : [],
  );
}

export function partnershipRoles(caller: Caller | null, partnershipId: string): PartnershipRole[] {
  if (!caller) return [];
  return caller.memberships.flatMap((m) =>
    m.scope === 'partnership' && m.id === partnershipId ? [m.role] : [],
  );
}

const hasAny = <T>(held: T[], wanted: T[]) => held.some((role) => wanted.includes(role));

export const can = {
  createPartnership: (caller: Caller | null) => caller?.admin === true,
  appointPartnershipMember: (caller: Caller | null, partnershipId: string) =>
    caller?.admin === true || hasAny(partnershipRoles(caller, partnershipId), ['coordinator']),
  manageCompacts: (caller: Caller | null, partnershipId: string) =>
    hasAny(partnershipRoles(caller, partnershipId), ['coordinator']),
  readDrafts: (caller: Caller | null, partnershipId: string) =>
    hasAny(partnershipRoles(caller, partnershipId), ['coordinator']),
  readAuditTrail: (caller: Caller | null, partnershipId: string) =>
    hasAny(partnershipRoles(caller, partnershipId), ['coordinator', 'board']),
  createOrganisation: (caller: Caller | null) => caller !== null,
  inviteOrganisationMember: (caller: Caller | null, organisationId: string) =>
    hasAny(organisationRoles(caller, organisationId), ['representative']),
  declareBudget: (caller: Caller | null, organisationId: string) =>
    hasAny(organisationRoles(caller, organisationId), ['representative', 'officer']),
  readOrganisationPrivate: (caller: Caller | null, organisationId: string) =>
    organisationRoles(caller, organisationId).length > 0,
  /** Progress (spend, assessments, targets): log it as representative or officer. */
  logProgress: (caller: Caller | null, organisationId: string) =>
    hasAny(organisationRoles(caller, organisationId), ['representative', 'officer']),
  /**
   * Read progress: the organisation's own members, and the coordinators and board members of any
   * partnership whose compacts it has taken part in (`partnershipIds`).
   */
  readProgress: (caller: Caller | null, organisationId: string, partnershipIds: readonly string[]) =>
    organisationRoles(caller, organisationId).length > 0 ||
    partnershipIds.some((id) => hasAny(partnershipRoles(caller, id), ['coordinator', 'board'])),
  actForOrganisation: (caller: Caller | null, organisationId: string) =>
    hasAny(organisationRoles(caller, organisationId), ['representative']),
  /** The carbon factor table is shared by every partnership: admins and coordinators keep it current. */
  replaceCarbonFactors: (caller: Caller | null) =>
    caller?.admin === true ||
    (caller?.memberships ?? []).some((m) => m.scope === 'partnership' && m.role === 'coordinator'),
  /** Verify or reject a new signature: the partnership's coordinators. */
  verifySignatures: (caller: Caller | null, partnershipId: string) =>
    hasAny(partnershipRoles(caller, partnershipId), ['coordinator']),
  withdraw: (caller: Caller | null, organisationId: string, partnershipId: string) =>
    hasAny(organisationRoles(caller, organisationId), ['representative']) ||
    hasAny(partnershipRoles(caller, partnershipId), ['coordinator']),
};
