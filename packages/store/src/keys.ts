// Deterministic keys of the single table. Every key is built here and nowhere else.

export const keys = {
  partnership: (id: string) => ({ PK: `PARTNERSHIP#${id}`, SK: 'PARTNERSHIP' }),
  partnershipsIndex: (id: string) => ({ GSI1PK: 'PARTNERSHIPS', GSI1SK: id }),

  membership: (email: string, scope: string, id: string) => ({
    PK: `USER#${email}`,
    SK: `MEMBER#${scope}#${id}`,
  }),
  membershipsOfUser: (email: string) => `USER#${email}`,
  membersIndex: (scope: string, id: string, email: string) => ({
    GSI1PK: `MEMBERS#${scope}#${id}`,
    GSI1SK: email,
  }),

  organisation: (id: string) => ({ PK: `ORG#${id}`, SK: 'ORG' }),
  organisationsIndex: (id: string) => ({ GSI1PK: 'ORGANISATIONS', GSI1SK: id }),
  /** One organisation per company number, charity number, or normalised name and postcode. */
  organisationIdentity: (kind: string, value: string) => ({
    PK: `ORGIDENTITY#${kind}#${value}`,
    SK: 'ORGIDENTITY',
  }),
  budget: (organisationId: string, financialYear: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `BUDGET#${financialYear}`,
  }),
  budgetPrefix: 'BUDGET#',
  /** Someone asking an organisation's representatives to invite them (after a lookalike refusal). */
  joinRequest: (organisationId: string, email: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `JOINREQUEST#${email}`,
  }),
  joinRequestPrefix: 'JOINREQUEST#',

  compact: (id: string) => ({ PK: `COMPACT#${id}`, SK: 'COMPACT' }),
  /** Published compacts (open, closed): the public list. */
  compactsIndex: (id: string) => ({ GSI1PK: 'COMPACTS', GSI1SK: id }),
  /** A partnership's drafts, apart: no read of the public list ever meets one. */
  compactDraftsIndex: (partnershipId: string, id: string) => ({
    GSI1PK: `COMPACT_DRAFTS#${partnershipId}`,
    GSI1SK: id,
  }),
  compactVersion: (id: string, version: number) => ({
    PK: `COMPACT#${id}`,
    SK: `VERSION#${String(version).padStart(6, '0')}`,
  }),
  participant: (compactId: string, organisationId: string) => ({
    PK: `COMPACT#${compactId}`,
    SK: `PARTICIPANT#${organisationId}`,
  }),
  participantPrefix: 'PARTICIPANT#',
  /**
   * A rejected signature's row, moved out of the register's key range (PARTICIPANT#) so that the
   * public register never reads it; kept for the audit, the coordinators and the no-second-signature rule.
   */
  rejectedParticipant: (compactId: string, organisationId: string) => ({
    PK: `COMPACT#${compactId}`,
    SK: `REJECTED#${organisationId}`,
  }),
  rejectedParticipantPrefix: 'REJECTED#',
  participationsIndex: (organisationId: string, compactId: string) => ({
    GSI1PK: `PARTICIPATIONS#${organisationId}`,
    GSI1SK: compactId,
  }),
  event: (compactId: string, eventId: string) => ({ PK: `COMPACT#${compactId}`, SK: `EVENT#${eventId}` }),
  eventPrefix: 'EVENT#',
  compactPk: (id: string) => `COMPACT#${id}`,

  /** Per-organisation quarterly totals by category: what every report reads, never transactions. */
  spendTotal: (organisationId: string, quarter: string, category: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `SPEND#${quarter}#${category}`,
  }),
  spendTotalPrefix: 'SPEND#',
  spendReturn: (organisationId: string, quarter: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `RETURN#${quarter}`,
  }),
  spendReturnHistory: (organisationId: string, quarter: string, revision: number) => ({
    PK: `ORG#${organisationId}#RETURNS`,
    SK: `${quarter}#${String(revision).padStart(6, '0')}`,
  }),
  /** Imported transactions, one partition per organisation and quarter to spread big imports. */
  spendTransaction: (organisationId: string, quarter: string, transactionKey: string) => ({
    PK: `ORG#${organisationId}#TX#${quarter}`,
    SK: `TX#${transactionKey}`,
  }),
  /**
   * A ledger line of an imported row: its identity (a hash of transaction number, date and amount)
   * and its ordinal among the lines that share the identity (1, 2, ...), under the row's quarter.
   */
  ledgerLine: (organisationId: string, quarter: string, identity: string, ordinal: number) => ({
    PK: `ORG#${organisationId}#TX#${quarter}`,
    SK: `TX#${identity}#${String(ordinal).padStart(3, '0')}`,
  }),
  ledgerLinePrefix: (identity: string) => `TX#${identity}#`,
  /** What one transaction of an import wrote: the keys of its new lines, for a revert to find. */
  importWrote: (importId: string, batch: string) => ({ PK: `IMPORT#${importId}`, SK: `WROTE#${batch}` }),
  importWrotePrefix: 'WROTE#',
  /** A line an import restated, with its values before and after, by the row that restated it. */
  importRestated: (importId: string, row: number) => ({
    PK: `IMPORT#${importId}`,
    SK: `RESTATED#${String(row).padStart(9, '0')}`,
  }),
  importRestatedPrefix: 'RESTATED#',
  spendImport: (organisationId: string, importId: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `IMPORT#${importId}`,
  }),
  spendImportRejection: (importId: string, row: number) => ({
    PK: `IMPORT#${importId}`,
    SK: `REJECTED#${String(row).padStart(9, '0')}`,
  }),
  /**
   * Flexible Framework self-assessments, immutable, under the organisation: sorted by the date
   * assessed, then by id (ULIDs: a correction made later on the same date sorts after).
   */
  assessment: (organisationId: string, assessedOn: string, assessmentId: string) => ({
    PK: `ORG#${organisationId}`,
    SK: `ASSESSMENT#${assessedOn}#${assessmentId}`,
  }),
  assessmentPrefix: 'ASSESSMENT#',
  /** The organisation's targets in force, replaced as a whole; every set kept in the history. */
  targets: (organisationId: string) => ({ PK: `ORG#${organisationId}`, SK: 'TARGETS' }),
  targetsHistory: (organisationId: string, revision: number) => ({
    PK: `ORG#${organisationId}#TARGETS`,
    SK: String(revision).padStart(6, '0'),
  }),
  carbonFactors: () => ({ PK: 'CARBON_FACTORS', SK: 'CURRENT' }),
  carbonFactorsHistory: (version: string) => ({ PK: 'CARBON_FACTORS', SK: `VERSION#${version}` }),

  /**
   * Report snapshots, immutable, one partition per compact and financial year: a head item per
   * job run (`{job}#{scheduledTime}`, written with attribute_not_exists: the scheduled time is the
   * run's idempotency key) and its partner rows in parts beside it; a pointer to each job's latest.
   */
  reportSnapshot: (compactId: string, financialYear: string, job: string, scheduledTime: string) => ({
    PK: `REPORT#${compactId}#${financialYear}`,
    SK: `${job}#${scheduledTime}`,
  }),
  reportSnapshotPart: (
    compactId: string,
    financialYear: string,
    job: string,
    scheduledTime: string,
    part: number,
  ) => ({
    PK: `REPORT#${compactId}#${financialYear}`,
    SK: `${job}#${scheduledTime}#PART#${String(part).padStart(4, '0')}`,
  }),
  reportLatest: (compactId: string, financialYear: string, job: string) => ({
    PK: `REPORT#${compactId}#${financialYear}`,
    SK: `LATEST#${job}`,
  }),
  /** The financial years of a compact that have a snapshot, in the compact's partition. */
  reportYear: (compactId: string, financialYear: string) => ({
    PK: `COMPACT#${compactId}`,
    SK: `REPORT#${financialYear}`,
  }),
  reportYearPrefix: 'REPORT#',

  /** A report run started on demand (POST /v1/admin/aggregations): its request and each job's state. */
  aggregationRun: (id: string) => ({ PK: `AGGREGATION_RUN#${id}`, SK: 'RUN' }),

  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: `KEY#${key}` }),

  /** An invitation to a membership: the link the invited person follows. */
  invitation: (id: string) => ({ PK: `INVITATION#${id}`, SK: 'INVITATION' }),

  /** A sign-in under way (keyed by the hash of its `state`), and a signed-in browser's refresh record. */
  signIn: (stateHash: string) => ({ PK: `SIGNIN#${stateHash}`, SK: 'SIGNIN' }),
  webSession: (idHash: string) => ({ PK: `WEBSESSION#${idHash}`, SK: 'WEBSESSION' }),
};
