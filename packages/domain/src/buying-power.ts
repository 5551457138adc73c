import { financialYearBounds, financialYearOf, financialYearOfStart, financialYearStart } from './periods.ts';
import type { Sector } from './schemas.ts';

// Combined buying power of a compact in a financial year: the declared budgets (for that year;
// failing that, the latest earlier declaration) of the organisations whose signature is active on
// the year's last day, or on the day of the calculation for the current year.

/** What a signature history is made of: the compact's `signed` and `withdrawn` events of one organisation. */
export type SignatureEvent = { type: 'signed' | 'withdrawn'; at: string };

/** From `signed` to `withdrawn` (null: still signed), as ISO timestamps. */
export type SignatureInterval = { from: string; to: string | null };

/**
 * The intervals during which an organisation's signature was active, from its events in any
 * order: a `signed` opens one (unless one is open), a `withdrawn` closes the open one.
 */
export function signatureIntervals(events: readonly SignatureEvent[]): SignatureInterval[] {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const intervals: SignatureInterval[] = [];
  let open: SignatureInterval | null = null;
  for (const event of sorted) {
    if (event.type === 'signed' && !open) {
      open = { from: event.at, to: null };
      intervals.push(open);
    } else if (event.type === 'withdrawn' && open) {
      open.to = event.at;
      open = null;
    }
  }
  return intervals;
}

/** The last instant of an ISO date (UTC): "active on a day" means active when that day ends. */
export const endOfDay = (isoDate: string) => `${isoDate}T23:59:59.999Z`;

/**
 * Whether a signature is active on a day: signed on or before it and not withdrawn by its end. A
 * withdrawal on 31 March takes the organisation out of that year; a signature on 31 March counts.
 */
export function activeOn(intervals: readonly SignatureInterval[], isoDate: string): boolean {
  const at = endOfDay(isoDate);
  return intervals.some((i) => i.from <= at && (i.to === null || i.to > at));
}

/** The day a year's figures are taken on: its last day, or today while the year is running. */
export function asOfDate(financialYear: string, today: string): string {
  const { end } = financialYearBounds(financialYear);
  return today < end ? today : end;
}

/** Every financial year from the one containing `firstDate` to the one containing `today`, oldest first. */
export function financialYearsBetween(firstDate: string, today: string): string[] {
  const from = financialYearStart(financialYearOf(firstDate)) as number;
  const to = financialYearStart(financialYearOf(today)) as number;
  const years: string[] = [];
  for (let start = from; start <= to; start++) years.push(financialYearOfStart(start));
  return years;
}

/** `2025-26` -> its four quarter ids, Q1 first. */
export const quartersOfYear = (financialYear: string) => [1, 2, 3, 4].map((n) => `${financialYear}-Q${n}`);

export type BudgetDeclaration = { financialYear: string; annualProcurementBudgetPence: number };

/** The budget that counts for a year: that year's declaration, else the latest earlier one, else null. */
export function budgetFor(
  declarations: readonly BudgetDeclaration[],
  financialYear: string,
): BudgetDeclaration | null {
  let best: BudgetDeclaration | null = null;
  for (const d of declarations) {
    if (d.financialYear > financialYear) continue;
    if (!best || d.financialYear > best.financialYear) best = d;
  }
  return best;
}

export type SectorPence = Record<Sector, number>;

/** Sum of the budgets, total and by sector; organisations without a budget add nothing. */
export function combinedBuyingPower(partners: readonly { sector: Sector; budgetPence: number | null }[]): {
  totalPence: number;
  bySector: SectorPence;
} {
  const bySector: SectorPence = { public: 0, private: 0, 'voluntary-community': 0 };
  for (const p of partners) bySector[p.sector] += p.budgetPence ?? 0;
  return { totalPence: bySector.public + bySector.private + bySector['voluntary-community'], bySector };
}
