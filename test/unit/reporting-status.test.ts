import { dueQuarters, reportingStatus } from '@compact-tracker/domain/reporting-status';
import { describe, expect, it } from 'vitest';

describe('due quarters', () => {
  it('counts a quarter once its 60-day grace period has passed', () => {
    // Q3 2025-26 ends 31 Dec 2025: 60 days later is 1 Mar 2026, due from 2 Mar.
    expect(dueQuarters('2025-06-01', '2026-03-01')).toEqual(['2025-26-Q2', '2025-26-Q1']);
    expect(dueQuarters('2025-06-01', '2026-03-02')).toEqual(['2025-26-Q3', '2025-26-Q2', '2025-26-Q1']);
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
