import { financialYearOf, financialYearOfStart, financialYearStart } from './periods.ts';

// Like the UN Global Compact's "non-communicating": public on the register, never acted on
// automatically.

export type ReportingStatus = 'reporting' | 'non-reporting' | 'lapsed' | 'not-yet-due';

export const GRACE_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A financial year's quarters, newest first, and where each ends: years after the year's starting
 * one, and the month and day (periods.ts quarterBounds says the same; a test holds them equal).
 * Worked out for every row of a register page, so without parsing quarter ids.
 */
export const QUARTER_ENDS = [
  { quarter: 'Q4', yearsOn: 1, monthDay: '-03-31' },
  { quarter: 'Q3', yearsOn: 0, monthDay: '-12-31' },
  { quarter: 'Q2', yearsOn: 0, monthDay: '-09-30' },
  { quarter: 'Q1', yearsOn: 0, monthDay: '-06-30' },
] as const;

/**
 * Quarters due from a signatory, newest first: those ending after the signing date whose
 * 60-day grace period has passed by `today` (a quarter ending 31 Mar is due from 31 May). With
 * `most`, only the newest `most` of them: a status needs four, however long ago the signing was.
 */
export function dueQuarters(signedOn: string, today: string, most = Number.POSITIVE_INFINITY): string[] {
  const due: string[] = [];
  if (most <= 0) return due;
  const todayMs = Date.parse(today);
  let start = financialYearStart(financialYearOf(today)) as number;
  for (;;) {
    const fy = financialYearOfStart(start);
    for (const { quarter, yearsOn, monthDay } of QUARTER_ENDS) {
      const end = `${start + yearsOn}${monthDay}`;
      if (end <= signedOn) return due;
      if (todayMs - Date.parse(end) > GRACE_DAYS * DAY_MS) {
        due.push(`${fy}-${quarter}`);
        if (due.length >= most) return due;
      }
    }
    start -= 1;
  }
}

/**
 * reporting: the latest due quarter has spend data; lapsed: at least four quarters are due and none
 * of the latest four has any; non-reporting: otherwise without data for the latest due quarter.
 */
export function reportingStatus(
  signedOn: string,
  today: string,
  quartersWithSpend: ReadonlySet<string>,
): ReportingStatus {
  // The latest four due quarters decide it (a register page works this out for every row).
  const due = dueQuarters(signedOn, today, 4);
  if (due.length === 0) return 'not-yet-due';
  if (quartersWithSpend.has(due[0] as string)) return 'reporting';
  const lastFour = due.slice(0, 4);
  if (lastFour.length === 4 && lastFour.every((q) => !quartersWithSpend.has(q))) {
    return 'lapsed';
  }
  return 'non-reporting';
}
