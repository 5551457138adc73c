import { type CsvCell, toCsv } from '@compact-tracker/domain/csv';
import { labelOf } from '@compact-tracker/domain/labels';
import type { ServiceContext } from './context.ts';
import { getReport, type Report, type ReportPartner } from './reports.ts';

// The partners table as CSV for people (beside the machines' CSV, which stays as it is): pounds,
// percentages, readable headers and words, and a totals row for the partnership. Formula-like
// cells are defused by toCsv as in the other CSV.

// Figures are numbers (not text) so that a spreadsheet sums them, and a credit's minus sign is
// not taken for a formula.
const percent = (fraction: number | null | undefined) =>
  fraction == null ? null : Math.round(fraction * 1000) / 10;
/** Pence to pounds: integer pence / 100 prints as the exact decimal (123456 -> 1234.56). */
const pounds = (pence: number | null | undefined) => (pence == null ? null : pence / 100);
const oneDecimal = (n: number | null | undefined) => (n == null ? null : Math.round(n * 10) / 10);
const assessment = (overdue: boolean | null) => (overdue === null ? '' : overdue ? 'overdue' : 'up to date');

const publicHeader = ['Organisation', 'Sector', 'Reporting status', 'Assessment'];
const fullHeader = [
  ...publicHeader,
  'Buying power (£)',
  'Budget of year',
  'Logged spend (£)',
  'Local (%)',
  'SME (%)',
  'VCSE (%)',
  'Sustainability criteria (%)',
  'Estimated emissions (tCO2e)',
  'Score (/100)',
  'Maturity (/50)',
  'Practice (/40)',
  'Reporting (/10)',
];

function partnerRow(p: ReportPartner, full: boolean): CsvCell[] {
  const cells: CsvCell[] = [
    p.name,
    labelOf(p.sector),
    p.reportingStatus ? labelOf(p.reportingStatus) : '',
    assessment(p.assessmentOverdue),
  ];
  if (!full) return cells;
  return [
    ...cells,
    p.budgetMissing ? 'budget missing' : pounds(p.buyingPowerPence),
    p.budgetFinancialYear ?? '',
    pounds(p.loggedSpendPence),
    percent(p.shares?.local),
    percent(p.shares?.sme),
    percent(p.shares?.vcse),
    percent(p.shares?.criteria),
    p.estimatedKgCo2e == null ? null : oneDecimal(p.estimatedKgCo2e / 1000),
    oneDecimal(p.score?.total),
    oneDecimal(p.score?.maturity),
    oneDecimal(p.score?.practice),
    oneDecimal(p.score?.reporting),
  ];
}

/** "10 reporting, 2 non-reporting": the statuses that occur, in a fixed order. */
function statusCounts(report: Report): string {
  const counts = new Map<string, number>();
  for (const p of report.partners) {
    if (p.reportingStatus) counts.set(p.reportingStatus, (counts.get(p.reportingStatus) ?? 0) + 1);
  }
  return ['reporting', 'non-reporting', 'lapsed', 'not-yet-due']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${labelOf(s)}`)
    .join(', ');
}

/** The partnership's row: buying power and spend summed, shares of the whole spend, the weighted score. */
function totalsRow(report: Report, full: boolean): CsvCell[] {
  const overdue = report.partners.filter((p) => p.assessmentOverdue).length;
  const cells: CsvCell[] = [
    `Total: ${report.signatories} signator${report.signatories === 1 ? 'y' : 'ies'}`,
    '',
    statusCounts(report),
    `${overdue} overdue`,
  ];
  if (!full) return cells;
  return [
    ...cells,
    pounds(report.combinedBuyingPowerPence),
    '',
    pounds(report.loggedSpendPence),
    percent(report.shares?.local),
    percent(report.shares?.sme),
    percent(report.shares?.vcse),
    percent(report.shares?.criteria),
    oneDecimal(report.estimatedTco2e),
    oneDecimal(report.partnershipScore),
    oneDecimal(report.scoreComponents?.maturity),
    oneDecimal(report.scoreComponents?.practice),
    oneDecimal(report.scoreComponents?.reporting),
  ];
}

/**
 * The partners table for people: a row per partner, then the totals row. Every column for the
 * partnership's coordinators and board, the public ones otherwise (as the machines' CSV).
 * Pounds (with pence) as plain numbers, percentages and tCO2e to one decimal.
 */
export async function getReportPeopleCsv(ctx: ServiceContext, compactId: string, financialYear: string) {
  const report = await getReport(ctx, compactId, financialYear);
  const full = report.access === 'full';
  const rows = [...report.partners.map((p) => partnerRow(p, full)), totalsRow(report, full)];
  return {
    filename: `compact-${compactId}-${financialYear}-partners${full ? '' : '-public'}-readable.csv`,
    body: toCsv(full ? fullHeader : publicHeader, rows),
    access: report.access,
  };
}
