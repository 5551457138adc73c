import { type Caller, partnershipRoles } from './authorisation.ts';

// Who sees what of a compact's reports, and whose compacts an on-demand aggregation covers.

/** The partnership's coordinators and board see everything, partner figures and scores included. */
export const canReadFullReport = (caller: Caller | null, partnershipId: string) =>
  partnershipRoles(caller, partnershipId).some((role) => role === 'coordinator' || role === 'board');

/**
 * An admin runs the jobs for every compact; a coordinator for their own partnerships' compacts
 * only; anyone else not at all (null).
 */
export function aggregationScope(
  caller: Caller | null,
): { all: true } | { all: false; partnershipIds: string[] } | null {
  if (!caller) return null;
  if (caller.admin) return { all: true };
  const partnershipIds = caller.memberships.flatMap((m) =>
    m.scope === 'partnership' && m.role === 'coordinator' ? [m.id] : [],
  );
  return partnershipIds.length > 0 ? { all: false, partnershipIds } : null;
}
