import type { SectorPence } from '@compact-tracker/domain/buying-power';
import type { Theme } from '@compact-tracker/domain/flexible-framework';
import type { ReportingStatus } from '@compact-tracker/domain/reporting-status';
import type { Sector } from '@compact-tracker/domain/schemas';
import type { ScoreComponents } from '@compact-tracker/domain/score';
import type { Snapshot } from './report-snapshots.ts';

// What the two report jobs write into their snapshots (aggregates on the head, one row per partner
// in the parts), beside the snapshots: the jobs write these shapes and the reports read them.

export type Shares = { local: number; sme: number; vcse: number; criteria: number };

/** The hourly job's aggregates for a compact and year. Money in pence, carbon in tCO2e. */
export type BuyingPowerAggregates = {
  signatories: number;
  combinedBuyingPowerPence: number;
  buyingPowerBySector: SectorPence;
  loggedSpendPence: number;
  spendPence: { local: number; sme: number; vcse: number; criteria: number };
  /** Paid by signatories to fellow signatories: apart, and out of the shares. */
  interPartnerPence?: number;
  /** Each of the third-party spend classified for it (DOMAIN.md, Coverage). */
  shares: Shares;
  /** How much of the third-party spend each share is classified for (absent on older snapshots). */
  coverage?: Shares;
  estimatedTco2e: number;
  /** null while no spend is logged. */
  kgCo2ePerPound: number | null;
  carbonFactorsVersion: string;
  /**
   * Of the signatories with an assessment counting on the "as of" day: how many reached each level
   * (index 0-5) per theme and overall; the rest are `notAssessed`.
   */
  flexibleFramework: {
    assessed: number;
    notAssessed: number;
    themes: Record<Theme, number[]>;
    overall: number[];
  };
  /** Against the same compact's previous year, when it has one. */
  changeFromPreviousYear: {
    financialYear: string;
    signatories: number;
    combinedBuyingPowerPence: number;
    loggedSpendPence: number;
    estimatedTco2e: number;
  } | null;
};

/** One signatory's row in the hourly job's snapshot. Money in pence, carbon in kgCO2e. */
export type BuyingPowerPartner = {
  organisationId: string;
  name: string;
  sector: Sector;
  signedOn: string;
  /** The budget that counts (0 when none is declared: see budgetMissing). */
  buyingPowerPence: number;
  budgetMissing: boolean;
  /** The financial year of the declaration used: the year itself or the latest earlier one. */
  budgetFinancialYear: string | null;
  loggedSpendPence: number;
  interPartnerPence?: number;
  shares: Shares;
  coverage?: Shares;
  estimatedKgCo2e: number;
  quartersWithSpend: string[];
};

/** One signatory's row in the daily job's snapshot. */
export type ScorePartner = {
  organisationId: string;
  name: string;
  sector: Sector;
  signedOn: string;
  /** The weight in the partnership score: the budget that counts, or null when none is declared. */
  buyingPowerPence: number | null;
  budgetMissing: boolean;
  reportingStatus: ReportingStatus;
  assessmentOverdue: boolean;
  /** The assessment behind the maturity component (dated within 365 days of the "as of" day). */
  assessment: { id: string; assessedOn: string } | null;
  latestAssessedOn: string | null;
  quartersWithSpend: string[];
  score: ScoreComponents;
};

/** The daily job's aggregates for a compact and year. */
export type ScoreAggregates = {
  signatories: number;
  partnershipScore: number | null;
  /** False when every signatory weighs 0 (no budgets): the score is then the plain mean. */
  weighted: boolean;
  /** The components averaged the same way as the total. */
  components: { maturity: number; practice: number; reporting: number } | null;
  reportingStatusCounts: Record<ReportingStatus, number>;
  changeFromPreviousYear: { financialYear: string; partnershipScore: number | null } | null;
};

export type BuyingPowerSnapshot = Snapshot<BuyingPowerAggregates, BuyingPowerPartner>;
export type ScoresSnapshot = Snapshot<ScoreAggregates, ScorePartner>;
