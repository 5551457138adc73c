import { sharesOfClassification } from '@compact-tracker/domain/classified-shares';
import type { ReportingStatus } from '@compact-tracker/domain/reporting-status';
import {
  partnershipScore,
  round2,
  type ScoreComponents,
  sustainabilityScore,
} from '@compact-tracker/domain/score';
import type { ScoreAggregates, ScorePartner } from '@compact-tracker/store/report-shapes';
import type { PartnerYear } from './inputs.ts';

// The daily job's figures for a compact and year: each signatory's score with its three
// components, reporting status and assessment-overdue flag, and the partnership's score weighted
// by buying power (organisations without a budget weigh 0 and are listed; all 0: the plain mean).

export function scoreFigures(
  partners: PartnerYear[],
  previous: { financialYear: string; aggregates: ScoreAggregates } | null,
): { aggregates: ScoreAggregates; partners: ScorePartner[] } {
  const rows: ScorePartner[] = partners.map((p) => ({
    organisationId: p.organisationId,
    name: p.name,
    sector: p.sector,
    signedOn: p.signedOn,
    buyingPowerPence: p.budget?.annualProcurementBudgetPence ?? null,
    budgetMissing: p.budget === null,
    reportingStatus: p.reportingStatus,
    assessmentOverdue: p.assessmentOverdue,
    assessment: p.assessment ? { id: p.assessment.id, assessedOn: p.assessment.assessedOn } : null,
    latestAssessedOn: p.latestAssessedOn,
    quartersWithSpend: p.quartersWithSpend,
    score: sustainabilityScore({
      levels: p.assessment?.themeLevels ?? null,
      year: p.year,
      quartersWithSpend: p.quartersWithSpend.length,
      shares: sharesOfClassification(p.classification),
    }),
  }));
  const mean = (pick: (s: ScoreComponents) => number) =>
    partnershipScore(rows.map((r) => ({ total: pick(r.score), weightPence: r.buyingPowerPence })));
  const overall = mean((s) => s.total);
  const counts: Record<ReportingStatus, number> = {
    reporting: 0,
    'non-reporting': 0,
    lapsed: 0,
    'not-yet-due': 0,
  };
  for (const r of rows) counts[r.reportingStatus] += 1;
  const score = overall.score;
  return {
    partners: rows,
    aggregates: {
      signatories: rows.length,
      partnershipScore: score,
      weighted: overall.weighted,
      components:
        rows.length === 0
          ? null
          : {
              maturity: mean((s) => s.maturity).score as number,
              practice: mean((s) => s.practice).score as number,
              reporting: mean((s) => s.reporting).score as number,
            },
      reportingStatusCounts: counts,
      changeFromPreviousYear: previous
        ? {
            financialYear: previous.financialYear,
            partnershipScore:
              score !== null && previous.aggregates.partnershipScore !== null
                ? round2(score - previous.aggregates.partnershipScore)
                : null,
          }
        : null,
    },
  };
}
