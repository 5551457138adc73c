import type { Deps } from '@compact-tracker/api/deps';
import {
  financialYearOf,
  financialYearOfStart,
  financialYearStart,
  isoDate,
  parseQuarter,
  quarterBounds,
} from '@compact-tracker/domain/periods';

// Dates for the demo partnership's history, all relative to today so that a newcomer always sees
// several financial years: who signed when, which quarters each reported, and what "now" each
// step is recorded at (each step runs with a copy of the dependencies whose clock says that day).

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ISO date `days` days before `today`. */
export const daysBefore = (today: Date, days: number) => isoDate(new Date(today.getTime() - days * DAY_MS));

/** The dependencies with a clock stopped at noon UTC of `date` (never later than the real now). */
export function depsOn(deps: Deps, date: string): Deps {
  const real = deps.now();
  const at = new Date(`${date}T12:00:00.000Z`);
  return { ...deps, now: () => (at < real ? at : real) };
}

/** The quarter a date falls in: 2025-11-03 -> 2025-26-Q3. */
export function quarterOf(date: string): string {
  const fy = financialYearOf(date);
  const month = Number(date.slice(5, 7));
  return `${fy}-Q${Math.floor(((month + 8) % 12) / 3) + 1}`;
}

/** 2025-26-Q4 -> 2026-27-Q1. */
export function nextQuarter(quarter: string): string {
  const q = parseQuarter(quarter);
  if (!q) throw new RangeError(`not a quarter: ${quarter}`);
  if (q.number < 4) return `${q.financialYear}-Q${q.number + 1}`;
  return `${financialYearOfStart((financialYearStart(q.financialYear) as number) + 1)}-Q1`;
}

/** Every quarter from the one holding `from` to the last one that has ended by `today`, oldest first. */
export function endedQuartersSince(from: string, today: string): string[] {
  const quarters: string[] = [];
  for (let q = quarterOf(from); quarterBounds(q).end < today; q = nextQuarter(q)) quarters.push(q);
  return quarters;
}

/** When a quarter's figures are logged: 20 days after it ends (or today, if sooner). */
export function loggedOn(quarter: string, today: string): string {
  const end = new Date(`${quarterBounds(quarter).end}T00:00:00.000Z`);
  const date = isoDate(new Date(end.getTime() + 20 * DAY_MS));
  return date < today ? date : today;
}

/** Runs `tasks` with at most `limit` in flight (DynamoDB Local on a laptop does best with a few). */
export async function inPool(limit: number, tasks: (() => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
