import { THEMES, type ThemeLevels } from './flexible-framework.ts';
import type { SpendAmounts } from './spend.ts';

// The sustainability score (0-100) of an organisation in a financial year, in three components
// that reports always show: maturity 0-50, practice 0-40, reporting 0-10.

export const MATURITY_MAX = 50;
export const PRACTICE_MAX = 40;
export const REPORTING_MAX = 10;
/** An assessment counts for maturity, and keeps "assessment overdue" away, for this many days. */
export const ASSESSMENT_VALID_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Scores are shown to two decimals; components are rounded first and the total is their sum. */
export const round2 = (value: number) => Math.round(value * 100) / 100;

/** Whole days from `earlier` to `later` (ISO dates). */
export const daysBetween = (earlier: string, later: string) =>
  Math.round((Date.parse(later) - Date.parse(earlier)) / DAY_MS);

/**
 * Whether an assessment dated `assessedOn` counts on `asOf`: not after it and at most 365 days
 * before it (an assessment exactly 365 days old still counts; 366 days old does not).
 */
export function assessmentCounts(assessedOn: string, asOf: string): boolean {
  const days = daysBetween(assessedOn, asOf);
  return days >= 0 && days <= ASSESSMENT_VALID_DAYS;
}

/** Assessment overdue: no assessment in the last 365 days (`latestAssessedOn` null: never assessed). */
export function assessmentOverdue(latestAssessedOn: string | null, today: string): boolean {
  return latestAssessedOn === null || !assessmentCounts(latestAssessedOn, today);
}

/** 2 x the sum of the five theme levels (each 0-5): 0 to 50; 0 without an assessment. */
export function maturityScore(levels: ThemeLevels | null): number {
  if (!levels) return 0;
  return 2 * THEMES.reduce((sum, theme) => sum + levels[theme], 0);
}

/** A part of the year's total as a fraction 0-1 (credits can push a sum outside: it is clamped). */
export function shareOf(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, part / total));
}

/** With T the year's ledger total: 0 if T <= 0, else 20 x criteria/T + 10 x local/T + 5 x SME/T + 5 x VCSE/T. */
export function practiceScore(year: SpendAmounts): number {
  const t = year.totalPence;
  if (t <= 0) return 0;
  return (
    20 * shareOf(year.criteriaPence, t) +
    10 * shareOf(year.localPence, t) +
    5 * shareOf(year.smePence, t) +
    5 * shareOf(year.vcsePence, t)
  );
}

/**
 * The practice component from the shares as DOMAIN.md defines them under Coverage (each its part
 * over the spend classified for it, 0-1): 20 x criteria + 10 x local + 5 x SME + 5 x VCSE. For
 * returns alone the shares are part/T and this equals practiceScore.
 */
export function practiceFromShares(shares: { local: number; sme: number; vcse: number; criteria: number }) {
  return 20 * shares.criteria + 10 * shares.local + 5 * shares.sme + 5 * shares.vcse;
}

/** 2.5 for each quarter of the year that has any spend entry (0 to 4 quarters). */
export function reportingScore(quartersWithSpend: number): number {
  return 2.5 * Math.min(4, Math.max(0, quartersWithSpend));
}

export type ScoreComponents = { total: number; maturity: number; practice: number; reporting: number };

export function sustainabilityScore(input: {
  levels: ThemeLevels | null;
  year: SpendAmounts;
  quartersWithSpend: number;
  /** The year's classified shares; absent: part/T of the ledger totals (returns alone). */
  shares?: { local: number; sme: number; vcse: number; criteria: number };
}): ScoreComponents {
  const maturity = round2(maturityScore(input.levels));
  const practice = round2(input.shares ? practiceFromShares(input.shares) : practiceScore(input.year));
  const reporting = round2(reportingScore(input.quartersWithSpend));
  return { total: round2(maturity + practice + reporting), maturity, practice, reporting };
}

/**
 * The partnership's score: the mean of its signatories' totals weighted by buying power. An
 * organisation without a budget (null) weighs 0; if all weigh 0, the plain mean; null with nobody.
 */
export function partnershipScore(partners: readonly { total: number; weightPence: number | null }[]): {
  score: number | null;
  weighted: boolean;
} {
  if (partners.length === 0) return { score: null, weighted: false };
  const weight = (p: { weightPence: number | null }) => Math.max(0, p.weightPence ?? 0);
  const totalWeight = partners.reduce((sum, p) => sum + weight(p), 0);
  if (totalWeight === 0) {
    return {
      score: round2(partners.reduce((sum, p) => sum + p.total, 0) / partners.length),
      weighted: false,
    };
  }
  return {
    score: round2(partners.reduce((sum, p) => sum + p.total * weight(p), 0) / totalWeight),
    weighted: true,
  };
}
