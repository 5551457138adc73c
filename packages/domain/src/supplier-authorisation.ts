// Who may do what with suppliers (DOMAIN.md, "Suppliers"): decided from memberships, like
// everything in authorisation.ts. Supplier facts are public; spend by supplier is not.

import { type Caller, organisationRoles, partnershipRoles } from './authorisation.ts';

const isOfficerOf = (caller: Caller | null, organisationId: string) =>
  organisationRoles(caller, organisationId).some((r) => r === 'representative' || r === 'officer');

const isCoordinatorOf = (caller: Caller | null, partnershipId: string) =>
  partnershipRoles(caller, partnershipId).includes('coordinator');

export const canSupplier = {
  /**
   * Set facts: officers and representatives of an organisation that paid the supplier, coordinators
   * of those organisations' partnerships, admins.
   */
  classify: (
    caller: Caller | null,
    payingOrganisations: readonly string[],
    theirPartnerships: readonly string[],
  ) =>
    caller?.admin === true ||
    payingOrganisations.some((id) => isOfficerOf(caller, id)) ||
    theirPartnerships.some((id) => isCoordinatorOf(caller, id)),
  /** Put a fact back to an earlier value: coordinators of the paying organisations' partnerships, admins. */
  restore: (caller: Caller | null, theirPartnerships: readonly string[]) =>
    caller?.admin === true || theirPartnerships.some((id) => isCoordinatorOf(caller, id)),
  /**
   * Classify many of the organisation's suppliers from a sheet: its officers and representatives
   * (each supplier on the sheet must be one it paid, as for classifying one).
   */
  classifyMany: (caller: Caller | null, organisationId: string) => isOfficerOf(caller, organisationId),
  /** Point a name of the organisation's rows at another record: its officers and representatives. */
  pointName: (caller: Caller | null, organisationId: string) => isOfficerOf(caller, organisationId),
  /** Define the partnership's local area: its coordinators. */
  setArea: (caller: Caller | null, partnershipId: string) => isCoordinatorOf(caller, partnershipId),
  /** The partnership's shared suppliers (spend by supplier): its coordinators and board. */
  readPartnershipSuppliers: (caller: Caller | null, partnershipId: string) =>
    partnershipRoles(caller, partnershipId).length > 0,
  /** Load official register files: admins. */
  loadRegisters: (caller: Caller | null) => caller?.admin === true,
};
