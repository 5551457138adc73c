import { type Category, categories } from '@compact-tracker/domain/categories';
import {
  financialYearOf,
  financialYearOfStart,
  financialYearStart,
  isoDate,
  parseQuarter,
} from '@compact-tracker/domain/periods';

// What the spend pages show, shaped from the service's items (one per quarter and category):
// per-quarter totals and shares, and quarter arithmetic for the pickers. Pence stay integers.

export type SpendItem = {
  quarter: string;
  category: Category;
  totalPence: number;
  importedPence: number;
  returnedPence: number;
  localPence: number;
  smePence: number;
  vcsePence: number;
  criteriaPence: number;
  estimatedKgCo2e: number;
};

export type QuarterSummary = {
  quarter: string;
  totalPence: number;
  /** From imported files, and from the quarter's return: together the total. */
  importedPence: number;
  returnedPence: number;
  localPence: number;
  smePence: number;
  vcsePence: number;
  criteriaPence: number;
  estimatedKgCo2e: number;
  byCategory: Partial<Record<Category, number>>;
};

/** One summary per quarter that has spend, oldest first. */
export function summariseByQuarter(items: SpendItem[]): QuarterSummary[] {
  const byQuarter = new Map<string, QuarterSummary>();
  for (const item of items) {
    const q = byQuarter.get(item.quarter) ?? {
      quarter: item.quarter,
      totalPence: 0,
      importedPence: 0,
      returnedPence: 0,
      localPence: 0,
      smePence: 0,
      vcsePence: 0,
      criteriaPence: 0,
      estimatedKgCo2e: 0,
      byCategory: {},
    };
    q.totalPence += item.totalPence;
    q.importedPence += item.importedPence;
    q.returnedPence += item.returnedPence;
    q.localPence += item.localPence;
    q.smePence += item.smePence;
    q.vcsePence += item.vcsePence;
    q.criteriaPence += item.criteriaPence;
    q.estimatedKgCo2e += item.estimatedKgCo2e;
    q.byCategory[item.category] = (q.byCategory[item.category] ?? 0) + item.totalPence;
    byQuarter.set(item.quarter, q);
  }
  return [...byQuarter.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

/** A part as a share of the total, 0-1; null when the total is not positive (no share to speak of). */
export function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

export function formatShare(value: number | null): string {
  if (value === null) return '–';
  const shown = (value * 100).toFixed(1);
  // A sliver is not none, nor nearly all everything.
  if (value > 0 && shown === '0.0') return '<0.1%';
  if (value < 1 && shown === '100.0') return '>99.9%';
  return `${shown}%`;
}

/**
 * `part` of `whole` as a whole percentage, except that a part neither none nor all never reads as
 * 0% or 100% ("<1%", ">99%": a sliver classified is not "0% classified"); "–" of nothing.
 */
export function wholePercent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const rounded = Math.round((100 * part) / whole);
  if (part > 0 && part < whole && rounded === 0) return '<1%';
  if (part > 0 && part < whole && rounded === 100) return '>99%';
  return `${rounded}%`;
}

/** kgCO2e as tonnes with one decimal: "12.3 t". */
export function formatTonnes(kg: number): string {
  return `${(kg / 1000).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} t`;
}

/** The categories that have any spend in these quarters, in our order. */
export function categoriesUsed(quarters: QuarterSummary[]): Category[] {
  return categories.filter((c) => quarters.some((q) => (q.byCategory[c] ?? 0) !== 0));
}

/** The quarter containing a date (`2025-11-02` -> `2025-26-Q3`). */
export function quarterOfDate(date: string): string {
  const month = Number(date.slice(5, 7));
  const number = month >= 4 && month <= 6 ? 1 : month >= 7 && month <= 9 ? 2 : month >= 10 ? 3 : 4;
  return `${financialYearOf(date)}-Q${number}`;
}

export function previousQuarter(quarter: string): string {
  const q = parseQuarter(quarter);
  if (!q) throw new RangeError(`not a quarter: ${quarter}`);
  if (q.number > 1) return `${q.financialYear}-Q${q.number - 1}`;
  const start = financialYearStart(q.financialYear) as number;
  return `${financialYearOfStart(start - 1)}-Q4`;
}

/** The quarter in progress and the `count - 1` before it, newest first: no future quarters. */
export function recentQuarters(today: Date, count = 8): string[] {
  const result = [quarterOfDate(isoDate(today))];
  while (result.length < count) result.push(previousQuarter(result[result.length - 1] as string));
  return result;
}

/** "2025-26-Q3" -> "Q3 2025-26 (Oct–Dec 2025)". */
export function quarterLabel(quarter: string): string {
  const q = parseQuarter(quarter);
  if (!q) return quarter;
  const start = financialYearStart(q.financialYear) as number;
  const months = ['Apr–Jun', 'Jul–Sep', 'Oct–Dec', 'Jan–Mar'][q.number - 1];
  const year = q.number === 4 ? start + 1 : start;
  return `Q${q.number} ${q.financialYear} (${months} ${year})`;
}

/** "2025-26-Q3" -> "Q3 25-26", short enough for a chart's axis. */
export function quarterShort(quarter: string): string {
  const q = parseQuarter(quarter);
  return q ? `Q${q.number} ${q.financialYear.slice(2)}` : quarter;
}

export type TimelinePoint = { quarter: string; summary: QuarterSummary | null };

/**
 * Every quarter from the first with spend to the last, those without spend as gaps, so that a
 * chart's axis runs evenly through time; at most the latest `max` quarters.
 */
export function timeline(quarters: QuarterSummary[], max = 40): TimelinePoint[] {
  const last = quarters[quarters.length - 1];
  const first = quarters[0];
  if (!first || !last) return [];
  const byQuarter = new Map(quarters.map((q) => [q.quarter, q]));
  const points: TimelinePoint[] = [];
  for (let q = last.quarter; points.length < max; q = previousQuarter(q)) {
    points.push({ quarter: q, summary: byQuarter.get(q) ?? null });
    if (q === first.quarter) break;
  }
  return points.reverse();
}
