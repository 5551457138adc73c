// UK financial years run 1 April to 31 March: `2025-26` is 1 Apr 2025 - 31 Mar 2026.
// Quarters: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar; ids like `2025-26-Q3`.

export const FINANCIAL_YEAR_PATTERN = /^(\d{4})-(\d{2})$/;
export const QUARTER_PATTERN = /^(\d{4})-(\d{2})-Q([1-4])$/;

export type Quarter = { financialYear: string; number: 1 | 2 | 3 | 4 };

/** The starting calendar year of a well-formed financial year id, or null. */
export function financialYearStart(fy: string): number | null {
  const match = FINANCIAL_YEAR_PATTERN.exec(fy);
  if (!match) return null;
  const start = Number(match[1]);
  const endShort = Number(match[2]);
  return (start + 1) % 100 === endShort ? start : null;
}

export function isFinancialYear(fy: string): boolean {
  return financialYearStart(fy) !== null;
}

export function financialYearOfStart(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The financial year containing an ISO date (`2026-03-31` -> `2025-26`). */
export function financialYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return financialYearOfStart(month >= 4 ? year : year - 1);
}

export function financialYearBounds(fy: string): { start: string; end: string } {
  const start = financialYearStart(fy);
  if (start === null) throw new RangeError(`not a financial year: ${fy}`);
  return { start: `${start}-04-01`, end: `${start + 1}-03-31` };
}

export function parseQuarter(id: string): Quarter | null {
  const match = QUARTER_PATTERN.exec(id);
  if (!match) return null;
  const financialYear = `${match[1]}-${match[2]}`;
  if (!isFinancialYear(financialYear)) return null;
  return { financialYear, number: Number(match[3]) as Quarter['number'] };
}

export function quarterBounds(id: string): { start: string; end: string } {
  const quarter = parseQuarter(id);
  if (!quarter) throw new RangeError(`not a quarter: ${id}`);
  const fyStart = financialYearStart(quarter.financialYear) as number;
  const startMonth = [4, 7, 10, 1][quarter.number - 1] as number;
  const year = quarter.number === 4 ? fyStart + 1 : fyStart;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, '0');
  return { start: `${year}-${mm(startMonth)}-01`, end: `${year}-${mm(endMonth)}-${lastDay}` };
}

/** Today's date in ISO form (UTC), for "as of" calculations. */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
