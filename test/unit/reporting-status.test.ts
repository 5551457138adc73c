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
