import { formatPence, formatPenceShort, parsePoundsToPence } from '@compact-tracker/domain/money';
import {
  financialYearBounds,
  financialYearOf,
  isFinancialYear,
  parseQuarter,
  quarterBounds,
} from '@compact-tracker/domain/periods';
import { describe, expect, it } from 'vitest';

describe('financial years and quarters', () => {
  it('runs April to March', () => {
    expect(financialYearOf('2026-03-31')).toBe('2025-26');
    expect(financialYearOf('2026-04-01')).toBe('2026-27');
    expect(financialYearOf('1999-12-31')).toBe('1999-00');
    expect(financialYearBounds('2025-26')).toEqual({ start: '2025-04-01', end: '2026-03-31' });
  });

  it('accepts only consecutive years', () => {
    expect(isFinancialYear('2025-26')).toBe(true);
    expect(isFinancialYear('1999-00')).toBe(true);
    expect(isFinancialYear('2025-27')).toBe(false);
    expect(isFinancialYear('2025')).toBe(false);
  });

  it('names quarters from April', () => {
    expect(quarterBounds('2025-26-Q1')).toEqual({ start: '2025-04-01', end: '2025-06-30' });
    expect(quarterBounds('2025-26-Q3')).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(quarterBounds('2023-24-Q4')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(parseQuarter('2025-26-Q5')).toBeNull();
    expect(parseQuarter('2025-27-Q1')).toBeNull();
  });
});

describe('money', () => {
  it('shows pence as pounds with separators', () => {
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-100)).toBe('-£1.00');
    expect(formatPence(90_000_000_000)).toBe('£900,000,000.00');
    expect(formatPenceShort(600_000_000_000)).toBe('£6bn');
    expect(formatPenceShort(90_000_000_000)).toBe('£900m');
  });

  it('reads typed pounds exactly, without float rounding', () => {
    expect(parsePoundsToPence('£1,234.56')).toBe(123456);
    expect(parsePoundsToPence('0.1')).toBe(10);
    expect(parsePoundsToPence('19.99')).toBe(1999);
    expect(parsePoundsToPence('-12.5')).toBe(-1250);
    expect(parsePoundsToPence('12.345')).toBeNull();
    expect(parsePoundsToPence('abc')).toBeNull();
  });
});
