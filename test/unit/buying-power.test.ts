import {
  activeOn,
  asOfDate,
  budgetFor,
  combinedBuyingPower,
  financialYearsBetween,
  signatureIntervals,
} from '@compact-tracker/domain/buying-power';
import { describe, expect, it } from 'vitest';

describe('signature intervals and "active on"', () => {
  // Signed 2024-05-10, withdrew 2025-03-31 (the last day of 2024-25), signed again 2025-04-01,
  // withdrew 2026-02-15, signed again 2026-04-20.
  const intervals = signatureIntervals([
    { type: 'withdrawn', at: '2026-02-15T09:00:00.000Z' },
    { type: 'signed', at: '2024-05-10T10:00:00.000Z' },
    { type: 'withdrawn', at: '2025-03-31T16:00:00.000Z' },
    { type: 'signed', at: '2025-04-01T08:00:00.000Z' },
    { type: 'signed', at: '2026-04-20T08:00:00.000Z' },
  ]);

  it('builds the intervals in time order, whatever the order of the events', () => {
    expect(intervals).toEqual([
      { from: '2024-05-10T10:00:00.000Z', to: '2025-03-31T16:00:00.000Z' },
      { from: '2025-04-01T08:00:00.000Z', to: '2026-02-15T09:00:00.000Z' },
      { from: '2026-04-20T08:00:00.000Z', to: null },
    ]);
  });

  it('ignores a withdrawal without a signature and a second signature while signed', () => {
    expect(
      signatureIntervals([
        { type: 'withdrawn', at: '2024-01-01T00:00:00Z' },
        { type: 'signed', at: '2024-02-01T00:00:00Z' },
        { type: 'signed', at: '2024-03-01T00:00:00Z' },
      ]),
    ).toEqual([{ from: '2024-02-01T00:00:00Z', to: null }]);
  });

  it('is active on a year end when signed before it and not withdrawn by the end of that day', () => {
    // 2023-24 ends 31 Mar 2024: not yet signed.
    expect(activeOn(intervals, '2024-03-31')).toBe(false);
    // 2024-25 ends 31 Mar 2025: withdrawn that very afternoon, so not active when the day ends.
    expect(activeOn(intervals, '2025-03-31')).toBe(false);
    expect(activeOn(intervals, '2025-03-30')).toBe(true);
    // 2025-26 ends 31 Mar 2026: withdrew in February.
    expect(activeOn(intervals, '2026-03-31')).toBe(false);
    expect(activeOn(intervals, '2026-02-14')).toBe(true);
    // Signed again in April 2026: active on a day of 2026-27.
    expect(activeOn(intervals, '2026-11-14')).toBe(true);
  });

  it('counts a signature made on the last day of the year', () => {
    const lastDay = signatureIntervals([{ type: 'signed', at: '2026-03-31T23:00:00.000Z' }]);
    expect(activeOn(lastDay, '2026-03-31')).toBe(true);
    expect(activeOn(lastDay, '2026-03-30')).toBe(false);
  });
});

describe('the "as of" day and the years reported', () => {
  it('is the last day of a past year and today for the current one', () => {
    expect(asOfDate('2025-26', '2026-11-14')).toBe('2026-03-31');
    expect(asOfDate('2026-27', '2026-11-14')).toBe('2026-11-14');
    expect(asOfDate('2025-26', '2026-03-31')).toBe('2026-03-31');
  });

  it('covers every year from the first signature to today', () => {
    expect(financialYearsBetween('2024-05-10', '2026-11-14')).toEqual(['2024-25', '2025-26', '2026-27']);
    expect(financialYearsBetween('2026-03-31', '2026-04-01')).toEqual(['2025-26', '2026-27']);
    expect(financialYearsBetween('2026-04-01', '2026-11-14')).toEqual(['2026-27']);
  });
});

describe('budgets', () => {
  const declarations = [
    { financialYear: '2023-24', annualProcurementBudgetPence: 100 },
    { financialYear: '2025-26', annualProcurementBudgetPence: 300 },
    { financialYear: '2024-25', annualProcurementBudgetPence: 200 },
  ];

  it("uses the year's own declaration", () => {
    expect(budgetFor(declarations, '2024-25')?.annualProcurementBudgetPence).toBe(200);
  });

  it('falls back to the latest earlier declaration, never a later one', () => {
    expect(budgetFor(declarations, '2027-28')).toEqual({
      financialYear: '2025-26',
      annualProcurementBudgetPence: 300,
    });
    expect(budgetFor(declarations, '2022-23')).toBeNull();
    expect(budgetFor([], '2025-26')).toBeNull();
  });

  it('adds budgets up by sector; a missing budget adds nothing', () => {
    expect(
      combinedBuyingPower([
        { sector: 'public', budgetPence: 900 },
        { sector: 'public', budgetPence: 100 },
        { sector: 'private', budgetPence: 50 },
        { sector: 'voluntary-community', budgetPence: null },
        { sector: 'voluntary-community', budgetPence: 7 },
      ]),
    ).toEqual({ totalPence: 1057, bySector: { public: 1000, private: 50, 'voluntary-community': 7 } });
  });
});
