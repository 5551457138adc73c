import {
  activeOn,
  asOfDate,
  type BudgetDeclaration,
  budgetFor,
  financialYearsBetween,
  quartersOfYear,
  type SignatureInterval,
  signatureIntervals,
} from '@compact-tracker/domain/buying-power';
import type { Category } from '@compact-tracker/domain/categories';
import { classifyYear, type YearClassification } from '@compact-tracker/domain/classified-shares';
import type { ThemeLevels } from '@compact-tracker/domain/flexible-framework';
import { isoDate } from '@compact-tracker/domain/periods';
import { type ReportingStatus, reportingStatus } from '@compact-tracker/domain/reporting-status';
import type { Sector } from '@compact-tracker/domain/schemas';
import { assessmentCounts, assessmentOverdue } from '@compact-tracker/domain/score';
import { addAmounts, isZero, type SpendAmounts, zeroAmounts } from '@compact-tracker/domain/spend';
import type { CompactRecord } from '@compact-tracker/store/compacts';
import { mapLimit } from '@compact-tracker/store/concurrency';
import type { Db } from '@compact-tracker/store/db';
import type { ParticipantRecord } from '@compact-tracker/store/participations';
import { getPartnership } from '@compact-tracker/store/partnerships';
import {
  compactRegister,
  type OrganisationReportInputs,
  organisationReportInputs,
  signatureEvents,
} from '@compact-tracker/store/report-inputs';

// What both report jobs read for a compact, once per run: its register, each organisation's
// signature intervals (from the compact's events), and for every organisation that was a signatory
// on some year's "as of" day its budgets, assessment levels and quarterly totals.

export type PartnerInputs = {
  organisationId: string;
  name: string;
  sector: Sector;
  intervals: SignatureInterval[];
  inputs: OrganisationReportInputs;
};

export type CompactInputs = {
  compact: CompactRecord;
  /** The compact's rows as read: the register's, then rejected ones. */
  register: ParticipantRecord[];
  /** Oldest first: from the year of the first signature (or publication) to the current year. */
  financialYears: string[];
  today: string;
  partners: PartnerInputs[];
  /** The area of the compact's partnership (postcode areas and districts): what local means here. */
  area: string[];
};

/** Organisation inputs shared across the compacts of one run (an organisation may sign several). */
export type InputsCache = Map<string, Promise<OrganisationReportInputs>>;

export async function loadCompactInputs(
  db: Db,
  compact: CompactRecord,
  now: Date,
  cache: InputsCache,
  concurrency: number,
): Promise<CompactInputs> {
  const today = isoDate(now);
  const [register, events, partnership] = await Promise.all([
    compactRegister(db, compact.id),
    signatureEvents(db, compact.id),
    getPartnership(db, compact.partnershipId),
  ]);
  const firstSigned = events
    .filter((e) => e.type === 'signed')
    .map((e) => e.at)
    .sort()[0];
  const first = [firstSigned, compact.publishedAt, compact.createdAt]
    .filter((d): d is string => d !== undefined)
    .sort()[0] as string;
  const financialYears = financialYearsBetween(first.slice(0, 10), today);
  const asOfDays = financialYears.map((fy) => asOfDate(fy, today));

  const byOrganisation = new Map<string, { type: 'signed' | 'withdrawn'; at: string }[]>();
  for (const event of events) {
    const list = byOrganisation.get(event.organisationId) ?? [];
    list.push({ type: event.type, at: event.at });
    byOrganisation.set(event.organisationId, list);
  }
  const rows = new Map(register.map((row) => [row.organisationId, row]));
  const signatories = [...byOrganisation]
    .map(([organisationId, list]) => ({ organisationId, intervals: signatureIntervals(list) }))
    .filter(({ intervals }) => asOfDays.some((day) => activeOn(intervals, day)));

  const partners = await mapLimit(signatories, concurrency, async ({ organisationId, intervals }) => {
    let inputs = cache.get(organisationId);
    if (!inputs) {
      inputs = organisationReportInputs(db, organisationId);
      cache.set(organisationId, inputs);
    }
    const row = rows.get(organisationId);
    return {
      organisationId,
      name: row?.name ?? organisationId,
      sector: row?.sector ?? 'public',
      intervals,
      inputs: await inputs,
    } satisfies PartnerInputs;
  });
  partners.sort((a, b) => a.name.localeCompare(b.name) || a.organisationId.localeCompare(b.organisationId));
  return { compact, register, financialYears, today, partners, area: partnership?.areaPostcodes ?? [] };
}

/** One signatory's figures for one year, as both jobs use them. */
export type PartnerYear = {
  organisationId: string;
  name: string;
  sector: Sector;
  signedOn: string;
  budget: BudgetDeclaration | null;
  /** The year's ledger totals, all categories, and by category. */
  year: SpendAmounts;
  byCategory: Map<Category, SpendAmounts>;
  /** Quarters of the year that are reported: a return with any amount or marked nil, or a non-zero total. */
  quartersWithSpend: string[];
  /** The latest assessment counting on the "as of" day (dated within the 365 days up to it). */
  assessment: { id: string; assessedOn: string; themeLevels: ThemeLevels } | null;
  latestAssessedOn: string | null;
  reportingStatus: ReportingStatus;
  assessmentOverdue: boolean;
  /** The year's shares with their coverage, and spend paid to fellow signatories (apart). */
  classification: YearClassification;
};

/** The signatories active on the year's "as of" day with their figures for the year. */
export function partnersInYear(inputs: CompactInputs, financialYear: string): PartnerYear[] {
  const asOf = asOfDate(financialYear, inputs.today);
  const quarters = new Set(quartersOfYear(financialYear));
  const result: PartnerYear[] = [];
  const active = inputs.partners.filter((p) => activeOn(p.intervals, asOf));
  const signatories = new Set(active.map((p) => p.organisationId));
  for (const partner of active) {
    const { inputs: org } = partner;
    const signedAt = partner.intervals
      .filter((i) => i.from.slice(0, 10) <= asOf)
      .map((i) => i.from)
      .sort()
      .at(-1) as string;
    let year = zeroAmounts();
    const byCategory = new Map<Category, SpendAmounts>();
    const reported = reportedQuarters(org);
    for (const total of org.totals) {
      if (!quarters.has(total.quarter)) continue;
      year = addAmounts(year, total);
      byCategory.set(total.category, addAmounts(byCategory.get(total.category) ?? zeroAmounts(), total));
    }
    const returned = org.returned
      .filter((r) => quarters.has(r.quarter))
      .reduce((sum, r) => addAmounts(sum, r.amounts), zeroAmounts());
    const fellows = new Set([...signatories].filter((id) => id !== partner.organisationId));
    const classification = classifyYear({
      year,
      returned,
      buckets: org.classified.filter((b) => quarters.has(b.quarter)),
      area: inputs.area,
      fellows,
    });
    const onOrBefore = org.assessments.filter((a) => a.assessedOn <= asOf);
    const latest = onOrBefore.at(-1) ?? null;
    result.push({
      organisationId: partner.organisationId,
      name: partner.name,
      sector: partner.sector,
      signedOn: signedAt.slice(0, 10),
      budget: budgetFor(org.budgets, financialYear),
      year,
      byCategory,
      quartersWithSpend: [...quarters].filter((q) => reported.has(q)),
      assessment: latest && assessmentCounts(latest.assessedOn, asOf) ? latest : null,
      latestAssessedOn: latest?.assessedOn ?? null,
      reportingStatus: reportingStatus(signedAt.slice(0, 10), asOf, reported),
      assessmentOverdue: assessmentOverdue(latest?.assessedOn ?? null, asOf),
      classification,
    });
  }
  return result;
}

/**
 * The quarters an organisation has reported: a return in force that reports (any amount, or
 * marked nil) or a non-zero ledger total (imports).
 */
export function reportedQuarters(org: OrganisationReportInputs): Set<string> {
  const reported = new Set(org.returnQuarters);
  for (const total of org.totals) if (!isZero(total)) reported.add(total.quarter);
  return reported;
}
