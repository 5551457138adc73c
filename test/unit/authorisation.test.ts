import { type Caller, can, type Membership } from '@compact-tracker/domain/authorisation';
import { describe, expect, it } from 'vitest';

const caller = (memberships: Membership[], admin = false): Caller => ({
  sub: 's',
  email: 'x@example.org',
  name: 'X',
  admin,
  memberships,
});

const rep = caller([{ scope: 'organisation', id: 'org1', role: 'representative' }]);
const officer = caller([{ scope: 'organisation', id: 'org1', role: 'officer' }]);
const otherRep = caller([{ scope: 'organisation', id: 'org2', role: 'representative' }]);
const coordinator = caller([{ scope: 'partnership', id: 'p1', role: 'coordinator' }]);
const otherCoordinator = caller([{ scope: 'partnership', id: 'p2', role: 'coordinator' }]);
const board = caller([{ scope: 'partnership', id: 'p1', role: 'board' }]);
const admin = caller([], true);
const nobody = caller([]);

describe('authorisation from memberships', () => {
  it('lets only admins create partnerships', () => {
    expect(can.createPartnership(admin)).toBe(true);
    for (const c of [null, nobody, rep, coordinator]) expect(can.createPartnership(c)).toBe(false);
  });

  it('lets admins and the partnership coordinators appoint members', () => {
    expect(can.appointPartnershipMember(admin, 'p1')).toBe(true);
    expect(can.appointPartnershipMember(coordinator, 'p1')).toBe(true);
    for (const c of [null, nobody, board, otherCoordinator, rep])
      expect(can.appointPartnershipMember(c, 'p1')).toBe(false);
  });

  it("lets only the partnership's coordinators manage compacts and see drafts", () => {
    expect(can.manageCompacts(coordinator, 'p1')).toBe(true);
    expect(can.readDrafts(coordinator, 'p1')).toBe(true);
    for (const c of [null, nobody, board, otherCoordinator, admin, rep]) {
      expect(can.manageCompacts(c, 'p1')).toBe(false);
      expect(can.readDrafts(c, 'p1')).toBe(false);
    }
  });

  it('shows the audit trail to coordinators and board members of the partnership', () => {
    expect(can.readAuditTrail(coordinator, 'p1')).toBe(true);
    expect(can.readAuditTrail(board, 'p1')).toBe(true);
    for (const c of [null, nobody, otherCoordinator, rep, admin])
      expect(can.readAuditTrail(c, 'p1')).toBe(false);
  });

  it('lets representatives, not officers, sign and invite; both declare budgets', () => {
    expect(can.actForOrganisation(rep, 'org1')).toBe(true);
    expect(can.actForOrganisation(officer, 'org1')).toBe(false);
    expect(can.actForOrganisation(otherRep, 'org1')).toBe(false);
    expect(can.inviteOrganisationMember(rep, 'org1')).toBe(true);
    expect(can.inviteOrganisationMember(officer, 'org1')).toBe(false);
    expect(can.declareBudget(rep, 'org1')).toBe(true);
    expect(can.declareBudget(officer, 'org1')).toBe(true);
    expect(can.declareBudget(otherRep, 'org1')).toBe(false);
    expect(can.declareBudget(coordinator, 'org1')).toBe(false);
  });

  it('lets the representative or a coordinator of the partnership withdraw a signature', () => {
    expect(can.withdraw(rep, 'org1', 'p1')).toBe(true);
    expect(can.withdraw(coordinator, 'org1', 'p1')).toBe(true);
    for (const c of [null, nobody, officer, otherRep, board, otherCoordinator, admin]) {
      expect(can.withdraw(c, 'org1', 'p1')).toBe(false);
    }
  });

  it('lets anyone signed in register an organisation', () => {
    expect(can.createOrganisation(nobody)).toBe(true);
    expect(can.createOrganisation(null)).toBe(false);
  });

  it("lets members log and read progress, and the partnerships' coordinators and board read it", () => {
    expect(can.logProgress(rep, 'org1')).toBe(true);
    expect(can.logProgress(officer, 'org1')).toBe(true);
    for (const c of [null, nobody, otherRep, coordinator, board, admin])
      expect(can.logProgress(c, 'org1')).toBe(false);
    expect(can.readProgress(officer, 'org1', [])).toBe(true);
    expect(can.readProgress(coordinator, 'org1', ['p1'])).toBe(true);
    expect(can.readProgress(board, 'org1', ['p1'])).toBe(true);
    expect(can.readProgress(coordinator, 'org1', ['p9'])).toBe(false);
    for (const c of [null, nobody, otherRep, otherCoordinator, admin])
      expect(can.readProgress(c, 'org1', ['p1'])).toBe(false);
  });
});
