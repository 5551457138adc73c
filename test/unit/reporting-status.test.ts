import { quarterBounds } from '@compact-tracker/domain/periods';
import { dueQuarters, QUARTER_ENDS, reportingStatus } from '@compact-tracker/domain/reporting-status';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const day = fc
  .integer({ min: Date.UTC(2012, 0, 1), max: Date.UTC(2032, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('due quarters', () => {
  it("knows where each quarter ends as the periods' own bounds say", () => {
    for (const start of [1999, 2024, 2025, 2027, 2099]) {
      const fy = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
      for (const { quarter, yearsOn, monthDay } of QUARTER_ENDS) {
        expect(`${start + yearsOn}${monthDay}`, `${fy}-${quarter}`).toBe(
          quarterBounds(`${fy}-${quarter}`).end,
        );
      }
    }
  });

  it('counts a quarter once its 60-day grace period has passed', () => {
    // Q3 2025-26 ends 31 Dec 2025: 60 days later is 1 Mar 2026, due from 2 Mar.
    expect(dueQuarters('2025-06-01', '2026-03-01')).toEqual(['2025-26-Q2', '2025-26-Q1']);
    expect(dueQuarters('2025-06-01', '2026-03-02')).toEqual(['2025-26-Q3', '2025-26-Q2', '2025-26-Q1']);
  });

  it('with a most, is the newest that many of them, however long ago the signing', () => {
    expect(dueQuarters('2015-06-01', '2026-03-02', 2)).toEqual(['2025-26-Q3', '2025-26-Q2']);
    expect(dueQuarters('2025-06-01', '2026-03-02', 4)).toEqual(['2025-26-Q3', '2025-26-Q2', '2025-26-Q1']);
    expect(dueQuarters('2015-06-01', '2026-03-02', 0)).toEqual([]);
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 6 }), (signedOn, today, most) => {
        expect(dueQuarters(signedOn, today, most)).toEqual(dueQuarters(signedOn, today).slice(0, most));
      }),
    );
  });

  it('counts only quarters ending after the signing date', () => {
    expect(dueQuarters('2025-06-30', '2026-03-02')).toEqual(['2025-26-Q3', '2025-26-Q2']);
    expect(dueQuarters('2026-01-10', '2026-03-02')).toEqual([]);
  });
});

describe('reporting status', () => {
  it('is not yet due before any quarter is due', () => {
    expect(reportingStatus('2026-01-10', '2026-03-02', new Set())).toBe('not-yet-due');
  });

  it('is reporting when the latest due quarter has spend data', () => {
    expect(reportingStatus('2025-01-01', '2026-03-02', new Set(['2025-26-Q3']))).toBe('reporting');
  });

  it('is non-reporting when the latest due quarter has none', () => {
    expect(reportingStatus('2025-01-01', '2026-03-02', new Set(['2025-26-Q2']))).toBe('non-reporting');
  });

  it('lapses when none of the last four due quarters has any', () => {
    expect(reportingStatus('2024-01-01', '2026-03-02', new Set(['2024-25-Q3']))).toBe('lapsed');
    expect(reportingStatus('2024-01-01', '2026-03-02', new Set(['2024-25-Q4']))).toBe('non-reporting');
    // Fewer than four due quarters, none with data: non-reporting, not lapsed.
    expect(reportingStatus('2025-06-01', '2026-03-02', new Set())).toBe('non-reporting');
  });
});

describe('reporting status at the edges', () => {
  it('makes the 31 March quarter due from 31 May, 60 days on (not on 30 May)', () => {
    // Q4 2025-26 ends 31 Mar 2026; 60 days later is 30 May; due once more than 60 days have passed.
    expect(dueQuarters('2025-01-01', '2026-05-30')[0]).toBe('2025-26-Q3');
    expect(dueQuarters('2025-01-01', '2026-05-31')[0]).toBe('2025-26-Q4');
  });

  it('does not count the quarter ending on the signing day, only quarters ending after it', () => {
    expect(dueQuarters('2025-12-31', '2026-06-01')).toEqual(['2025-26-Q4']);
    expect(dueQuarters('2025-12-30', '2026-06-01')).toEqual(['2025-26-Q4', '2025-26-Q3']);
  });

  it('turns reporting into non-reporting when a new quarter falls due without data', () => {
    const reported = new Set(['2025-26-Q3']);
    expect(reportingStatus('2025-01-01', '2026-05-30', reported)).toBe('reporting');
    expect(reportingStatus('2025-01-01', '2026-05-31', reported)).toBe('non-reporting');
  });

  it('lapses only when each of the last four due quarters is empty, data further back notwithstanding', () => {
    const older = new Set(['2024-25-Q1', '2024-25-Q2']);
    // As of 31 May 2026 the last four due are 2025-26 Q1-Q4.
    expect(reportingStatus('2024-01-01', '2026-05-31', older)).toBe('lapsed');
    expect(reportingStatus('2024-01-01', '2026-05-31', new Set([...older, '2025-26-Q1']))).toBe(
      'non-reporting',
    );
    // Exactly four quarters due, none reported: lapsed.
    expect(reportingStatus('2025-03-31', '2026-05-31', new Set())).toBe('lapsed');
    // Three due: non-reporting.
    expect(reportingStatus('2025-06-30', '2026-05-31', new Set())).toBe('non-reporting');
  });
});
